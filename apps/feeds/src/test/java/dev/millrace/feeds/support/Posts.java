package dev.millrace.feeds.support;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.posting.Tags;
import java.time.Instant;
import java.util.UUID;

/** Post values for tests. */
public final class Posts {

  private Posts() {}

  /** Version 1 of a new post with this content, created at {@code epochSecond}. */
  public static Post post(String content, long epochSecond) {
    return new Post(
        UUID.randomUUID().toString(),
        "Title",
        content,
        "Tester",
        Tags.parse(content),
        1,
        Instant.ofEpochSecond(epochSecond));
  }

  /** The next version of {@code post} with new content. */
  public static Post edited(Post post, String content) {
    return post.edit(post.title(), content);
  }
}
