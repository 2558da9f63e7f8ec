package dev.millrace.feeds.posting;

import java.util.Objects;

/**
 * The fields a user submits for a new post, already validated.
 *
 * @param title 1 to {@link #MAX_TITLE} characters, not blank
 * @param content 1 to {@link #MAX_CONTENT} characters, not blank, with at most {@link
 *     Tags#MAX_PER_POST} distinct tags
 * @param author 1 to {@link #MAX_AUTHOR} characters
 */
public record PostDraft(String title, String content, String author) {

  public static final int MAX_TITLE = 200;
  public static final int MAX_CONTENT = 5_000;
  public static final int MAX_AUTHOR = 100;

  public PostDraft {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(author, "author");
    require(!title.isBlank() && title.length() <= MAX_TITLE, "title", MAX_TITLE);
    require(!content.isBlank() && content.length() <= MAX_CONTENT, "content", MAX_CONTENT);
    require(!author.isBlank() && author.length() <= MAX_AUTHOR, "author", MAX_AUTHOR);
    requireFewTags(content);
  }

  /**
   * Checks the tags of {@code content} as they will be stored. With at most {@link
   * Tags#MAX_PER_POST} tags of at most {@link Tags#MAX_LENGTH} chars each, the stored tag list
   * always fits the read models' columns.
   */
  private static void requireFewTags(String content) {
    int tags = Tags.parse(content).size();
    if (tags > Tags.MAX_PER_POST) {
      throw new InvalidPostException(
          "content may have at most " + Tags.MAX_PER_POST + " distinct #tags, has " + tags);
    }
  }

  private static void require(boolean valid, String field, int max) {
    if (!valid) {
      throw new InvalidPostException(field + " must be 1 to " + max + " characters");
    }
  }
}
