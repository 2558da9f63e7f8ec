package dev.millrace.buildlogs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineLimitsTest {

  @Test
  void keepsLinesUpTo64KiB() {
    var line = "x".repeat(LineLimits.MAX_LINE_BYTES);
    assertThat(LineLimits.encode(line)).hasSize(LineLimits.MAX_LINE_BYTES);
  }

  @Test
  void cutsLongerLinesAtACharacterBoundaryAndMarksThem() {
    var line = "€".repeat(30_000); // 3 bytes each
    var cut = LineLimits.encode(line);
    assertThat(cut.length).isLessThanOrEqualTo(LineLimits.MAX_LINE_BYTES);
    var text = new String(cut, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\uFFFD").endsWith("[line truncated at 64 KiB]\u001b[0m");
    assertThat(text.replace(" \u001b[33m[line truncated at 64 KiB]\u001b[0m", "")).matches("€+");
  }
}
