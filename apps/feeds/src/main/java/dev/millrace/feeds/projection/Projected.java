package dev.millrace.feeds.projection;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.Projection;
import java.util.Objects;

/**
 * One post event as the projection applied it.
 *
 * @param post the post's state the event carried
 * @param projection what applying it did to the read model
 */
public record Projected(Post post, Projection projection) {

  public Projected {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(projection, "projection");
  }

  /** Whether this event changed the read model: false for a redelivered or outdated one. */
  public boolean changed() {
    return projection.changed();
  }
}
