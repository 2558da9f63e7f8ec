package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsANumberWithAUnitOrIso8601() {
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(converter.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void refusesWhatIsNotADurationAndSaysWhatToWrite() {
    for (String text : new String[] {"", "m", "10", "10x", "ten m", "P1X"}) {
      assertThatThrownBy(() -> converter.convert(text))
          .as(text)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("90s, 10m, 2h");
    }
  }
}
