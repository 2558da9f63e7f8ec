package dev.millrace.hub;

import java.util.List;
import java.util.Objects;

/**
 * One Mercure update: what a publisher posts and a subscriber receives as one SSE event.
 *
 * @param topics the update's topics, the canonical one first, then the alternates; at least one
 * @param data the event's data (may be empty, may span lines)
 * @param privateUpdate whether only subscribers authorized for one of the topics receive it
 * @param id the event id: given by the publisher or generated ({@code urn:uuid:…}); never starts
 *     with {@code #}
 * @param type the SSE event name, or {@code null} for the default ({@code message})
 * @param retry the reconnection delay in milliseconds to send with the event, or {@code null}
 */
public record Update(
    List<String> topics, String data, boolean privateUpdate, String id, String type, Long retry) {

  public Update {
    topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("an update needs at least one topic");
    }
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.startsWith("#")) {
      throw new IllegalArgumentException("an update id must not be empty nor start with '#'");
    }
    if (retry != null && retry < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + retry);
    }
  }

  /** A public update of one topic with a new id. */
  public static Update of(String topic, String data) {
    return new Update(List.of(topic), data, false, newId(), null, null);
  }

  /** A new globally unique id, as the hub gives updates published without one. */
  public static String newId() {
    return "urn:uuid:" + java.util.UUID.randomUUID();
  }
}
