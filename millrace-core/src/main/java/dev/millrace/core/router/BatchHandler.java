package dev.millrace.core.router;

import dev.millrace.core.Message;
import java.util.List;

/**
 * Handles several consecutive messages of a topic as one unit, for work that costs less done
 * together (one database transaction for all of them); see {@link Router#addBatchHandler}.
 *
 * <p>Returning means every message was handled: the result holds, for each message in order, the
 * messages to publish for it. Throwing means the batch failed as a whole; the router then handles
 * its messages one at a time with the route's {@link Handler}, through the middleware, so that a
 * message that fails on its own is retried or set aside as usual and the others go on. Like a
 * {@link Handler}, a batch handler must be idempotent: what a failed batch did may be done again.
 */
@FunctionalInterface
public interface BatchHandler {

  List<List<Message>> handleBatch(List<Message> messages) throws Exception;
}
