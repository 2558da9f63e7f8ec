package dev.millrace.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryLimitsTest {

  @Test
  void parsesACountAnAgeOrBoth() {
    assertThat(HistoryLimits.parse("100000,24h"))
        .isEqualTo(new HistoryLimits(100_000, Duration.ofHours(24)));
    assertThat(HistoryLimits.parse("500").maxCount()).isEqualTo(500);
    assertThat(HistoryLimits.parse("30m").maxAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(HistoryLimits.parse("7d, 10").maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(HistoryLimits.parse(null)).isEqualTo(HistoryLimits.DEFAULTS);
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> HistoryLimits.parse("lots")).hasMessageContaining("100000,24h");
    assertThatThrownBy(() -> HistoryLimits.parse("10w")).hasMessageContaining("unit");
    assertThatThrownBy(() -> HistoryLimits.parse("-1")).hasMessageContaining("negative");
  }
}
