package dev.millrace.feeds.readmodel;

import dev.millrace.feeds.posting.Post;
import java.util.List;
import java.util.Optional;

/**
 * The read model: one feed per tag, the feed of all posts, the feed list with counts, and the
 * latest state of each post. Updated only by the projection, read by the API and the streams.
 *
 * <p>Implementations are thread-safe and may block (JDBC, MongoDB driver): call them from worker or
 * virtual threads, never from an event loop. Several nodes may share one store and call {@link
 * #apply(Post)} concurrently for different or the same posts.
 *
 * <p><b>Projection rules</b> that every implementation keeps:
 *
 * <ul>
 *   <li><b>Ordered per post:</b> a post is stored with its {@link Post#version()}; applying a
 *       version lower than the stored one changes nothing, so an older update never overwrites a
 *       newer one, whatever order events arrive in.
 *   <li><b>Idempotent:</b> applying the stored version again changes nothing.
 *   <li>A post is in the feed of each of its tags and in {@link #ALL_POSTS}; a feed holds the
 *       post's latest stored state; feeds list posts newest first by {@link Post#createdAt()}, then
 *       by id descending; a feed with no posts does not exist.
 * </ul>
 */
public interface FeedReadModel extends AutoCloseable {

  /** Name of the feed that holds every post, tagged or not. Never a tag (tags have no '-'). */
  String ALL_POSTS = "all-posts";

  /**
   * Stores {@code post} unless a version at least as new is already stored, and moves it between
   * feeds to match its tags.
   *
   * @return whether it changed anything, and the feeds whose views may have changed
   */
  Projection apply(Post post);

  /**
   * Applies {@code posts} in order, with the same rules as {@link #apply(Post)} for each, returning
   * each one's outcome. A read model that can do so applies them all in one transaction, which is
   * what makes this faster than one {@code apply} after another; if it throws, some of them may
   * have been applied (which applying them again leaves as it is). By default, one after another.
   */
  default List<Projection> applyAll(List<Post> posts) {
    var projections = new java.util.ArrayList<Projection>(posts.size());
    for (var post : posts) {
      projections.add(apply(post));
    }
    return projections;
  }

  /** Every non-empty feed with its number of posts: {@link #ALL_POSTS} first, then by name. */
  List<FeedSummary> feeds();

  /** A page of feed {@code name}, newest first; empty when the feed does not exist. */
  Optional<FeedPage> feed(String name, PageRequest page);

  /** The latest stored state of post {@code id}. */
  Optional<Post> post(String id);

  /** Releases resources this read model owns (not a data source or client passed to it). */
  @Override
  void close();
}
