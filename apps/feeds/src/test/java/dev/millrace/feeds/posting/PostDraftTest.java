package dev.millrace.feeds.posting;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostDraftTest {

  @Test
  void acceptsFieldsUpToTheirLimits() {
    assertThatCode(() -> new PostDraft("t".repeat(200), "c".repeat(5_000), "a".repeat(100)))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsBlankOrTooLongFields() {
    assertThatThrownBy(() -> new PostDraft(" ", "c", "a")).hasMessageContaining("title");
    assertThatThrownBy(() -> new PostDraft("t".repeat(201), "c", "a"))
        .hasMessageContaining("title");
    assertThatThrownBy(() -> new PostDraft("t", "", "a")).hasMessageContaining("content");
    assertThatThrownBy(() -> new PostDraft("t", "c".repeat(5_001), "a"))
        .hasMessageContaining("content");
    assertThatThrownBy(() -> new PostDraft("t", "c", "a".repeat(101)))
        .isInstanceOf(InvalidPostException.class)
        .hasMessageContaining("author");
  }

  @Test
  void limitsTheNumberOfDistinctTags() {
    var twenty = tags(Tags.MAX_PER_POST);

    assertThatCode(() -> new PostDraft("t", twenty + " #T0 #t1", "a")).doesNotThrowAnyException();
    assertThatThrownBy(() -> new PostDraft("t", tags(Tags.MAX_PER_POST + 1), "a"))
        .isInstanceOf(InvalidPostException.class)
        .hasMessageContaining("at most " + Tags.MAX_PER_POST);
  }

  static String tags(int count) {
    var content = new StringBuilder();
    for (int i = 0; i < count; i++) {
      content.append("#t").append(i).append(' ');
    }
    return content.toString();
  }
}
