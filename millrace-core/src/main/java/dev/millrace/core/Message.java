package dev.millrace.core;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One message travelling through a pub/sub: a unique id, string metadata and an opaque payload.
 *
 * <p>Immutable. The id identifies the message across redeliveries and duplicates (an outbox relay
 * that publishes a row twice publishes the same id twice), so consumers can deduplicate on it.
 * Acknowledgement belongs to a {@link Delivery}, not to the message.
 */
public record Message(String id, Map<String, String> metadata, byte[] payload) {

  /** Metadata key of the id that ties together every message caused by one request. */
  public static final String CORRELATION_ID = "correlation_id";

  /** Metadata key of the event type, such as {@code post-created}. */
  public static final String EVENT_TYPE = "event_type";

  /** Metadata key of the ISO-8601 instant at which the event happened. */
  public static final String OCCURRED_AT = "occurred_at";

  /** Metadata key of the epoch-microseconds at which the message was first published. */
  public static final String PUBLISHED_AT = "published_at";

  public Message {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("message id must not be blank");
    }
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(payload, "payload");
  }

  /** A message with a new random id and no metadata. */
  public static Message of(byte[] payload) {
    return new Message(newId(), Map.of(), payload);
  }

  /** A new random message id. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The value of a metadata key, or {@code null} when absent. */
  public String metadata(String key) {
    return metadata.get(key);
  }

  /** A copy of this message with one metadata entry added or replaced. */
  public Message withMetadata(String key, String value) {
    var copy = new java.util.HashMap<>(metadata);
    copy.put(key, value);
    return new Message(id, copy, payload);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Message that
        && id.equals(that.id)
        && metadata.equals(that.metadata)
        && java.util.Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, metadata, java.util.Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "Message[id="
        + id
        + ", metadata="
        + metadata
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
