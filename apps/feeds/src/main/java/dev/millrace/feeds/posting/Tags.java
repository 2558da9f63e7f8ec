package dev.millrace.feeds.posting;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Extracts hashtags from post content.
 *
 * <p>A tag is a {@code #} followed by one to {@value #MAX_LENGTH} letters or digits (any script);
 * it ends at the first other character, and a longer run is not a tag. Tags are lower-cased,
 * de-duplicated and returned in order of first appearance, so {@code "#Java and #java, #Go!"} gives
 * {@code [java, go]}.
 */
public final class Tags {

  /** The longest tag, in chars. */
  public static final int MAX_LENGTH = 100;

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
      if (end > start && end - start <= MAX_LENGTH) {
        tags.add(content.substring(start, end).toLowerCase(Locale.ROOT));
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
