package dev.millrace.hub;

import java.time.Duration;
import java.util.Locale;

/**
 * How much history the hub keeps for subscribers that resume: at most {@code maxCount} updates,
 * none older than {@code maxAge}. Parsed from {@code MILLRACE_HUB_HISTORY}: a count, an age, or
 * both, comma-separated ({@code 100000}, {@code 24h}, {@code 100000,24h}; ages in {@code s}, {@code
 * m}, {@code h} or {@code d}).
 *
 * @param maxCount most updates kept; 0 keeps none (resuming clients are told history is gone)
 * @param maxAge oldest update kept
 */
public record HistoryLimits(int maxCount, Duration maxAge) {

  public static final int DEFAULT_MAX_COUNT = 100_000;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
  public static final HistoryLimits DEFAULTS =
      new HistoryLimits(DEFAULT_MAX_COUNT, DEFAULT_MAX_AGE);

  public HistoryLimits {
    if (maxCount < 0) {
      throw new IllegalArgumentException("the history count must not be negative: " + maxCount);
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the history age must be positive: " + maxAge);
    }
  }

  /** Parses {@code count}, {@code age} or {@code count,age}; blank gives {@link #DEFAULTS}. */
  public static HistoryLimits parse(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULTS;
    }
    int count = DEFAULT_MAX_COUNT;
    Duration age = DEFAULT_MAX_AGE;
    for (String part : text.split(",")) {
      String value = part.trim().toLowerCase(Locale.ROOT);
      if (value.isEmpty()) {
        throw new IllegalArgumentException("empty part in history limits '" + text + "'");
      }
      char unit = value.charAt(value.length() - 1);
      try {
        if (Character.isDigit(unit)) {
          count = Integer.parseInt(value);
        } else {
          long amount = Long.parseLong(value.substring(0, value.length() - 1));
          age =
              switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default ->
                    throw new IllegalArgumentException(
                        "unknown unit '" + unit + "' in history limits '" + text + "'");
              };
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "history limits must look like 100000,24h, was '" + text + "'", e);
      }
    }
    return new HistoryLimits(count, age);
  }
}
