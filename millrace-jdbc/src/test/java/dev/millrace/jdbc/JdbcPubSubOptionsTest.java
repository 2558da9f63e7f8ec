package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdbcPubSubOptionsTest {

  private final JdbcPubSubOptions defaults = JdbcPubSubOptions.defaults();

  @Test
  void defaultsAreTheDocumentedConstants() {
    assertThat(defaults.tablePrefix()).isEqualTo(JdbcPubSubOptions.DEFAULT_TABLE_PREFIX);
    assertThat(defaults.pollInterval()).isEqualTo(JdbcPubSubOptions.DEFAULT_POLL_INTERVAL);
    assertThat(defaults.batchSize()).isEqualTo(JdbcPubSubOptions.DEFAULT_BATCH_SIZE);
    assertThat(defaults.retention()).isEqualTo(JdbcPubSubOptions.DEFAULT_RETENTION);
    assertThat(defaults.purgeInterval()).isEqualTo(JdbcPubSubOptions.DEFAULT_PURGE_INTERVAL);
    assertThat(defaults.maxMessagesPerTopic()).isEqualTo(JdbcPubSubOptions.UNLIMITED_MESSAGES);
  }

  @Test
  void takesAPositiveMessageCountOrZeroForNoLimit() {
    assertThat(defaults.withMaxMessagesPerTopic(5).maxMessagesPerTopic()).isEqualTo(5);
    assertThat(defaults.withMaxMessagesPerTopic(0).maxMessagesPerTopic()).isZero();
    assertThatThrownBy(() -> defaults.withMaxMessagesPerTopic(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsATablePrefixThatIsNotAPlainIdentifier() {
    assertThatThrownBy(() -> defaults.withTablePrefix("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withTablePrefix("1abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(defaults.withTablePrefix("my_app_").tablePrefix()).isEqualTo("my_app_");
  }

  @Test
  void rejectsABatchSizeOutOfRangeAndDurationsThatAreNotPositive() {
    assertThatThrownBy(() -> defaults.withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withBatchSize(JdbcPubSubOptions.MAX_BATCH_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withPollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withRetention(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withPurgeInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
