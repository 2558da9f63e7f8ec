package dev.millrace.feeds.readmodel;

import java.util.Set;

/**
 * The outcome of {@link FeedReadModel#apply}.
 *
 * @param changed whether the stored state changed (false for a duplicate or an outdated version)
 * @param affectedFeeds feeds whose views may differ now: the post's feeds before and after; for a
 *     duplicate of the stored version, its current feeds (so a notification lost in a crash after
 *     the first apply is sent again); empty for an outdated version
 */
public record Projection(boolean changed, Set<String> affectedFeeds) {

  public Projection {
    affectedFeeds = Set.copyOf(affectedFeeds);
  }
}
