package dev.millrace.nats.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectsTest {

  private final Subjects subjects = new Subjects("millrace");

  @Test
  void prefixesTopics() {
    assertThat(subjects.subject("posts")).isEqualTo("millrace.posts");
    assertThat(subjects.subject("feeds.updated")).isEqualTo("millrace.feeds.updated");
    assertThat(subjects.all()).isEqualTo("millrace.>");
  }

  @Test
  void rejectsTopicsThatAreNotSubjectTokens() {
    for (var topic : new String[] {"", "a b", "a.*", ">", "a..b", ".a", "a."}) {
      assertThatThrownBy(() -> subjects.subject(topic))
          .as(topic)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void durableNamesAreSafeAndDistinct() {
    var name = Subjects.durableName("read model", "feeds.updated");
    assertThat(name).matches("[A-Za-z0-9_-]+").startsWith("read_model__feeds_updated__");
    assertThat(Subjects.durableName("a.b", "c")).isNotEqualTo(Subjects.durableName("a_b", "c"));
    assertThat(Subjects.durableName("g", "t")).isEqualTo(Subjects.durableName("g", "t"));
  }
}
