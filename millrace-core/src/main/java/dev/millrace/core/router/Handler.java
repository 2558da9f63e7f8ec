package dev.millrace.core.router;

import dev.millrace.core.Message;
import java.util.List;

/**
 * Handles one message of a topic and returns the messages to publish as a result (none for a
 * handler that only consumes).
 *
 * <p>Called by the {@link Router} on the subscription's thread, one message at a time per
 * subscription; it may block. Returning means success: the results are published, then the input is
 * acked. Throwing means failure: nothing is published and the input is nacked, hence redelivered
 * (same id). A handler should therefore be idempotent.
 */
@FunctionalInterface
public interface Handler {

  List<Message> handle(Message message) throws Exception;
}
