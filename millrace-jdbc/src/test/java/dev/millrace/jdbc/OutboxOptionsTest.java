package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxOptionsTest {

  @Test
  void defaults() {
    OutboxOptions defaults = OutboxOptions.defaults();

    assertThat(defaults.table()).isEqualTo("millrace_outbox");
    assertThat(defaults.batchSize()).isEqualTo(100);
    assertThat(defaults.pollInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(defaults.maxMessageBytes()).isEqualTo(1024 * 1024 - 16 * 1024);
    assertThat(defaults.maxPublishAttempts()).isEqualTo(5);
    assertThat(defaults.deadLetters()).isNull();
    assertThat("buildlogs.step-changed").matches(defaults.topicPattern());
    assertThat("a b").doesNotMatch(defaults.topicPattern());
    assertThat("a.>").doesNotMatch(defaults.topicPattern());
  }

  @Test
  void rejectsTableNamesThatAreNotPlainIdentifiers() {
    assertThatThrownBy(() -> OutboxOptions.defaults().withTable("outbox; DROP TABLE users"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboxOptions.defaults().withTable("1outbox"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(OutboxOptions.defaults().withTable("app_outbox_2").table())
        .isEqualTo("app_outbox_2");
  }

  @Test
  void rejectsNonPositiveSettings() {
    assertThatThrownBy(() -> OutboxOptions.defaults().withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboxOptions.defaults().withBatchSize(1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboxOptions.defaults().withPollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboxOptions.defaults().withMaxMessageBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboxOptions.defaults().withMaxPublishAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboxOptions.defaults().withTopicPattern("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
