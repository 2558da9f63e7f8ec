package dev.millrace.feeds.readmodel;

/**
 * Which page of a feed to read.
 *
 * @param before the id of a post of the feed: the page starts with the post just older than it; or
 *     {@code null} for the newest posts
 * @param limit 1 to {@link #MAX_LIMIT} posts
 */
public record PageRequest(String before, int limit) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** The newest {@value #DEFAULT_LIMIT} posts. */
  public static final PageRequest NEWEST = new PageRequest(null, DEFAULT_LIMIT);

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
  }
}
