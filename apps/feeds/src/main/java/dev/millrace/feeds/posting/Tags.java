package dev.millrace.feeds.posting;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Extracts hashtags from post content.
 *
 * <p>A tag is a {@code #} followed by letters or digits (any script); it ends at the first other
 * character. Tags are lower-cased, de-duplicated and returned in order of first appearance, so
 * {@code "#Java and #java, #Go!"} gives {@code [java, go]}. A run whose lower-cased form is longer
 * than {@value #MAX_LENGTH} chars is not a tag: the limit holds for the stored form, which can be
 * longer than what was typed ({@code "İ"} lower-cases to two chars).
 */
public final class Tags {

  /** The longest tag, in chars of its lower-cased (stored) form. */
  public static final int MAX_LENGTH = 100;

  /** The most tags one post may carry: each costs an update of its feed on every change. */
  public static final int MAX_PER_POST = 20;

  private Tags() {}

  /** The tags of {@code content}, lower-case, de-duplicated, in order of first appearance. */
  public static List<String> parse(String content) {
    var tags = new LinkedHashSet<String>();
    int i = 0;
    int n = content.length();
    while (i < n) {
      if (content.charAt(i) != '#') {
        i++;
        continue;
      }
      int start = i + 1;
      int end = start;
      while (end < n) {
        int cp = content.codePointAt(end);
        if (!Character.isLetterOrDigit(cp)) {
          break;
        }
        end += Character.charCount(cp);
      }
      if (end > start) {
        var tag = content.substring(start, end).toLowerCase(Locale.ROOT);
        if (tag.length() <= MAX_LENGTH) {
          tags.add(tag);
        }
      }
      i = Math.max(end, start);
    }
    return List.copyOf(tags);
  }

  /** Whether {@code name} could be a tag: non-empty, letters and digits only, lower-case. */
  public static boolean isTag(String name) {
    return !name.isEmpty()
        && name.length() <= MAX_LENGTH
        && name.codePoints().allMatch(Character::isLetterOrDigit)
        && name.equals(name.toLowerCase(Locale.ROOT));
  }
}
