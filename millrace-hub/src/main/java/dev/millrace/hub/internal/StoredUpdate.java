package dev.millrace.hub.internal;

import dev.millrace.hub.Update;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.internal.EncodedEvent;
import dev.millrace.sse.internal.FramedEvent;
import java.time.Duration;

/**
 * An update as this node received it from the bus: its place in the node's order ({@code sequence},
 * increasing in bus order) and when it was published.
 */
record StoredUpdate(long sequence, Update update, long publishedAtMicros) {

  /** Encodes and frames the update once, for every subscriber that receives it. */
  FramedEvent frame() {
    var event =
        new SseEvent(
            update.id(),
            update.type(),
            update.data(),
            update.retry() == null ? null : Duration.ofMillis(update.retry()),
            false);
    return FramedEvent.frame(
        new EncodedEvent(
            dev.millrace.sse.internal.SseEncoder.encode(event),
            sequence,
            false,
            publishedAtMicros));
  }
}
