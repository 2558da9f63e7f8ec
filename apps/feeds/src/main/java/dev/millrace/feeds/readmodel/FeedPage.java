package dev.millrace.feeds.readmodel;

import dev.millrace.feeds.posting.Post;
import java.util.List;

/**
 * A page of one feed, newest first.
 *
 * @param name the feed
 * @param posts at most the requested number of posts
 * @param older the id to pass as {@link PageRequest#before()} for the next older page, or {@code
 *     null} when this page reaches the oldest post
 */
public record FeedPage(String name, List<Post> posts, String older) {

  public FeedPage {
    posts = List.copyOf(posts);
  }
}
