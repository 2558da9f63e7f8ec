package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseOptionsTest {

  @Test
  void slowClientLimitsDefaultToAGracePeriodAndAMemoryCap() {
    assertThat(SseOptions.DEFAULTS.pendingEvents()).isEqualTo(1024);
    assertThat(SseOptions.DEFAULTS.pendingGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(SseOptions.DEFAULTS.pendingBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(SseOptions.DEFAULTS.withPendingGrace(Duration.ofMillis(300)).pendingGrace())
        .isEqualTo(Duration.ofMillis(300));
    assertThat(SseOptions.DEFAULTS.withPendingBytes(65_536).pendingBytes()).isEqualTo(65_536);
  }

  @Test
  void rejectsANonPositiveGraceAndATinyMemoryCap() {
    assertThatThrownBy(() -> SseOptions.DEFAULTS.withPendingGrace(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pendingGrace must be positive");
    assertThatThrownBy(() -> SseOptions.DEFAULTS.withPendingBytes(1023))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pendingBytes must be at least 1024");
  }
}
