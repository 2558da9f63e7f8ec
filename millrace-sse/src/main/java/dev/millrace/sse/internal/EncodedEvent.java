package dev.millrace.sse.internal;

import dev.millrace.sse.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * An event encoded once, shared by every connection that receives it.
 *
 * @param bytes the wire bytes; never modified after creation
 * @param sequence the id as a number, or {@link #NO_SEQUENCE} when the id is absent or not decimal
 * @param endsStream whether the key's stream ends with this event
 * @param publishedAtMicros epoch microseconds of the publish that caused it, or 0 when unknown
 */
public record EncodedEvent(
    Buffer bytes, long sequence, boolean endsStream, long publishedAtMicros) {

  public static final long NO_SEQUENCE = -1;

  public static EncodedEvent of(SseEvent event, long publishedAtMicros) {
    return new EncodedEvent(
        SseEncoder.encode(event), sequenceOf(event.id()), event.endsStream(), publishedAtMicros);
  }

  /** The id as a non-negative number, or {@link #NO_SEQUENCE}. */
  public static long sequenceOf(String id) {
    if (id == null || id.isEmpty() || id.length() > 18) {
      return NO_SEQUENCE;
    }
    long value = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return NO_SEQUENCE;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
