package dev.millrace.core;

import java.util.List;

/**
 * Receives the messages of one subscription a batch at a time: consecutive messages of the topic,
 * in publish order, as many as were ready (at least one, at most the subscription's maximum; a
 * batch never waits to fill).
 *
 * <p>Each delivery of the batch is acked or nacked on its own. The next batch comes once every
 * delivery of this one is settled. When one is nacked, the messages from it on are delivered again
 * in order, the nacked one first and alone (a batch of one, {@link Delivery#attempt()} plus one),
 * even those of them that were acked: a batch keeps publish order, not a message acked out of it.
 * An exception thrown here nacks every delivery not yet settled. Called from a thread owned by the
 * subscriber, never concurrently for one subscription; it may block.
 */
@FunctionalInterface
public interface BatchListener {

  void onBatch(List<Delivery> batch) throws Exception;
}
