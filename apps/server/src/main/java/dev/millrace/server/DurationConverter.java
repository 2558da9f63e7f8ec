package dev.millrace.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration flag: a number with a unit ({@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}) or
 * ISO-8601 ({@code PT10M}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      if (value.length() < 2) {
        throw new TypeConversionException(expected(text));
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      return switch (value.charAt(value.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> throw new TypeConversionException(expected(text));
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new TypeConversionException(expected(text));
    }
  }

  private static String expected(String text) {
    return "'" + text + "' is not a duration: use a number and s, m, h or d (90s, 10m, 2h)";
  }
}
