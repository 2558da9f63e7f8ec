package dev.millrace.feeds.posting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One post as the write model stores it and as events carry it.
 *
 * @param id the post's UUID
 * @param title at most {@link PostDraft#MAX_TITLE} characters
 * @param content at most {@link PostDraft#MAX_CONTENT} characters; its {@code #tags} are {@link
 *     #tags()}
 * @param author at most {@link PostDraft#MAX_AUTHOR} characters
 * @param tags the content's tags, see {@link Tags#parse(String)}
 * @param version 1 when created, plus one on every update; orders the post's events
 * @param createdAt when the post was created; feeds show newest first by this instant
 */
public record Post(
    String id,
    String title,
    String content,
    String author,
    List<String> tags,
    long version,
    Instant createdAt) {

  public Post {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(author, "author");
    tags = List.copyOf(tags);
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
  }

  /** A new post at version 1 with the tags of its content. */
  public static Post create(String id, PostDraft draft, Instant createdAt) {
    return new Post(
        id,
        draft.title(),
        draft.content(),
        draft.author(),
        Tags.parse(draft.content()),
        1,
        createdAt);
  }

  /** The next version of this post with a new title and content (tags re-parsed). */
  public Post edit(String newTitle, String newContent) {
    return new Post(
        id, newTitle, newContent, author, Tags.parse(newContent), version + 1, createdAt);
  }
}
