package dev.millrace.feeds.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.millrace.core.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON for events and API bodies: snake_case field names, ISO-8601 instants, unknown fields
 * ignored. Thread-safe.
 */
public final class EventCodec {

  /** The shared mapper; configured once, never reconfigured. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EventCodec() {}

  /** A new message carrying {@code event} as JSON, tagged with its type and time. */
  public static Message message(String eventType, Object event, java.time.Instant occurredAt) {
    return new Message(
        Message.newId(),
        Map.of(Message.EVENT_TYPE, eventType, Message.OCCURRED_AT, occurredAt.toString()),
        bytes(event));
  }

  /** {@code value} as JSON bytes. */
  public static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The payload of {@code message} read as {@code type}. */
  public static <T> T read(Message message, Class<T> type) {
    try {
      return JSON.readValue(message.payload(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed " + type.getSimpleName() + " event", e);
    }
  }
}
