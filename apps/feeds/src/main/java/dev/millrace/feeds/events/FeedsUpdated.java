package dev.millrace.feeds.events;

import dev.millrace.core.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Payload of {@link Topics#FEEDS_UPDATED}: the projection changed post {@code postId} and the feeds
 * {@code feeds} in the read model. The message also carries both in its metadata ({@link #POST_ID},
 * {@link #FEEDS}, space-separated) so streams find their keys without parsing the payload.
 */
public record FeedsUpdated(
    String postId, long postVersion, List<String> feeds, Instant occurredAt) {

  /** Metadata key of the post id. */
  public static final String POST_ID = "post_id";

  /** Metadata key of the affected feed names, separated by single spaces. */
  public static final String FEEDS = "feeds";

  public FeedsUpdated {
    feeds = List.copyOf(feeds);
  }

  /** This event as a message with a new id. */
  public Message toMessage() {
    var message = EventCodec.message(Topics.FEEDS_UPDATED, this, occurredAt);
    var metadata = new java.util.HashMap<>(message.metadata());
    metadata.putAll(Map.of(POST_ID, postId, FEEDS, String.join(" ", feeds)));
    return new Message(message.id(), metadata, message.payload());
  }

  /** The feed names in a message's metadata. */
  public static List<String> feedsOf(Message message) {
    var feeds = message.metadata(FEEDS);
    return feeds == null || feeds.isEmpty() ? List.of() : List.of(feeds.split(" "));
  }
}
