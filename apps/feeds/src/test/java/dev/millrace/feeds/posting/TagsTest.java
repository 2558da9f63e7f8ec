package dev.millrace.feeds.posting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagsTest {

  @Test
  void findsTagsLowerCasedDeduplicatedInFirstSeenOrder() {
    assertThat(Tags.parse("#Java and #go, then #JAVA again and #rust!"))
        .containsExactly("java", "go", "rust");
  }

  @Test
  void tagsAreLettersAndDigitsOfAnyScript() {
    assertThat(Tags.parse("#Café_au #日本語 #k8s-ops #2024"))
        .containsExactly("café", "日本語", "k8s", "2024");
  }

  @Test
  void aHashWithoutLettersIsNoTag() {
    assertThat(Tags.parse("# nothing ## here #")).isEmpty();
    assertThat(Tags.parse("no tags at all")).isEmpty();
  }

  @Test
  void adjacentTagsAreSeparate() {
    assertThat(Tags.parse("#a#b")).containsExactly("a", "b");
  }

  @Test
  void tooLongRunsAreNoTags() {
    assertThat(Tags.parse("#" + "x".repeat(Tags.MAX_LENGTH))).hasSize(1);
    assertThat(Tags.parse("#" + "x".repeat(Tags.MAX_LENGTH + 1))).isEmpty();
  }

  @Test
  void theLengthLimitHoldsForTheLowerCasedForm() {
    // "İ" (U+0130) lower-cases to "i" and a combining dot: two chars for one typed
    var half = "İ".repeat(Tags.MAX_LENGTH / 2);

    assertThat(Tags.parse("#" + half))
        .singleElement()
        .satisfies(tag -> assertThat(tag).hasSize(Tags.MAX_LENGTH));
    assertThat(Tags.parse("#" + half + "x")).isEmpty();
  }

  @Test
  void recognisesTagNames() {
    assertThat(Tags.isTag("java")).isTrue();
    assertThat(Tags.isTag("Java")).isFalse();
    assertThat(Tags.isTag("all-posts")).isFalse();
    assertThat(Tags.isTag("")).isFalse();
  }
}
