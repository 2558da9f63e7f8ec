package dev.millrace.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JetStreamPubSubOptionsTest {

  private final JetStreamPubSubOptions defaults = JetStreamPubSubOptions.DEFAULTS;

  @Test
  void takesAPositiveMessageCountOrMinusOneForNoLimit() {
    assertThat(defaults.maxMessages()).isEqualTo(-1);
    assertThat(defaults.withMaxMessages(5).maxMessages()).isEqualTo(5);
    assertThat(defaults.withMaxMessages(5).maxAge()).isEqualTo(defaults.maxAge());
    assertThatThrownBy(() -> defaults.withMaxMessages(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withMaxMessages(-2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
