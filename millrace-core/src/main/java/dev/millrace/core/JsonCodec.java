package dev.millrace.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Event payloads as JSON, with events written as Java records.
 *
 * <p>{@code java.time} values are written as ISO-8601 strings; unknown fields are ignored when
 * reading, so consumers tolerate events from newer producers. Thread-safe and cheap to share.
 */
public final class JsonCodec {

  private final ObjectMapper mapper;

  private JsonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A codec with the defaults described above. */
  public static JsonCodec create() {
    return new JsonCodec(defaultMapper());
  }

  /** A codec over a mapper configured by the caller; the mapper must not be reconfigured later. */
  public static JsonCodec create(ObjectMapper mapper) {
    return new JsonCodec(Objects.requireNonNull(mapper, "mapper"));
  }

  /** The mapper {@link #create()} uses: Java time module, ISO dates, unknown fields ignored. */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** {@code value} as UTF-8 JSON. */
  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new PayloadEncodingException(
          "cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** {@code json} read as {@code type}. */
  public <T> T decode(byte[] json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (IOException e) {
      throw new PayloadDecodingException("malformed " + type.getName() + " JSON", e);
    }
  }

  /** The payload of {@code message} read as {@code type}. */
  public <T> T decode(Message message, Class<T> type) {
    return decode(message.payload(), type);
  }

  /**
   * A new message (fresh id) carrying {@code event} as JSON, its type in {@link
   * Message#EVENT_TYPE}.
   */
  public Message message(String eventType, Object event) {
    Objects.requireNonNull(eventType, "eventType");
    return new Message(Message.newId(), Map.of(Message.EVENT_TYPE, eventType), encode(event));
  }
}
