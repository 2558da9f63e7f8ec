package dev.millrace.hub.internal;

import dev.millrace.sse.internal.PushStream;
import java.util.List;

/**
 * One subscriber connection: its selectors, what its JWT lets it see, its stream. Mutable state is
 * touched only on the stream's event loop.
 */
final class HubSubscriber {

  final String id;
  final List<String> topics;
  final Selectors selectors;
  final Claims claims;
  PushStream stream;

  /** The sequence of the last update this subscriber was matched against; for de-duplication. */
  long matched;

  HubSubscriber(String id, List<String> topics, Selectors selectors, Claims claims) {
    this.id = id;
    this.topics = topics;
    this.selectors = selectors;
    this.claims = claims;
  }

  /** Whether the update is for this subscriber: a topic matches, and it may see it. */
  boolean wants(StoredUpdate stored) {
    return selectors.matchesAny(stored.update().topics()) && maySee(stored);
  }

  /** Private updates need a {@code mercure.subscribe} selector matching one of their topics. */
  boolean maySee(StoredUpdate stored) {
    return !stored.update().privateUpdate()
        || claims.subscribe().matchesAny(stored.update().topics());
  }
}
