package dev.millrace.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * One Server-Sent Event, before encoding.
 *
 * <p>Immutable. {@code data} may hold any text, including CR, LF and CRLF line breaks: the encoder
 * splits it into one {@code data:} line per line, so it can never break the frame. {@code id} and
 * {@code name} are single-line fields: a CR, LF or NUL in them is rejected here, so an id or event
 * name taken from user input can never inject a frame.
 *
 * <p>In {@link StreamPolicy#REPLAY} streams, ids are decimal sequence numbers that increase per key
 * (a log line number, a JetStream sequence): the engine uses them to resume and to never send an
 * event twice to one connection.
 *
 * @param id the {@code id} field, or {@code null} for none
 * @param name the {@code event} field (the event type a browser listens to), or {@code null} for
 *     the default {@code message} type
 * @param data the {@code data} field; empty is allowed
 * @param retry the {@code retry} field (reconnection delay) or {@code null} for none
 * @param endsStream {@code true} if the key's stream ends with this event: every connection stops
 *     watching the key after writing it, and closes once it watches no other key
 */
public record SseEvent(String id, String name, String data, Duration retry, boolean endsStream) {

  public SseEvent {
    Objects.requireNonNull(data, "data");
    requireSingleLine("id", id);
    requireSingleLine("event name", name);
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("event name must not be empty");
    }
    if (retry != null && retry.isNegative()) {
      throw new IllegalArgumentException("retry must not be negative: " + retry);
    }
  }

  /** An unnamed event ({@code message} type) without id. */
  public static SseEvent of(String data) {
    return new SseEvent(null, null, data, null, false);
  }

  /** A named event without id. */
  public static SseEvent named(String name, String data) {
    return new SseEvent(null, name, data, null, false);
  }

  /** A named event with an id. */
  public static SseEvent of(String id, String name, String data) {
    return new SseEvent(id, name, data, null, false);
  }

  /**
   * The last event of a key's stream, named {@code end}: connections write it, then stop watching
   * the key (and close when they watch nothing else). It ends the stream live and in a replay page
   * alike.
   *
   * @param id the event's id, or {@code null} for none
   */
  public static SseEvent end(String id, String data) {
    return new SseEvent(id, "end", data, null, true);
  }

  /** A copy that ends the key's stream (see {@link #endsStream()}). */
  public SseEvent endingStream() {
    return new SseEvent(id, name, data, retry, true);
  }

  /** A copy with this id. */
  public SseEvent withId(String newId) {
    return new SseEvent(newId, name, data, retry, endsStream);
  }

  /** A copy with this event name. */
  public SseEvent withName(String newName) {
    return new SseEvent(id, newName, data, retry, endsStream);
  }

  /** A copy with this reconnection delay. */
  public SseEvent withRetry(Duration newRetry) {
    return new SseEvent(id, name, data, newRetry, endsStream);
  }

  private static void requireSingleLine(String what, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r' || c == '\0') {
        throw new IllegalArgumentException(what + " must not contain CR, LF or NUL: " + value);
      }
    }
  }
}
