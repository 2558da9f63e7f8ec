package dev.millrace.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * How a graceful drain closes connections: each one gets a {@code retry:} between {@code retryMin}
 * and {@code retryMin + retryJitter}, chosen at random so clients do not all come back at once, and
 * connections are closed {@code batchSize} at a time every {@code batchInterval}.
 */
public record DrainOptions(
    int batchSize, Duration batchInterval, Duration retryMin, Duration retryJitter) {

  public static final DrainOptions DEFAULTS =
      new DrainOptions(500, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(4));

  public DrainOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    SseOptions.requirePositive("batchInterval", batchInterval);
    Objects.requireNonNull(retryMin, "retryMin");
    Objects.requireNonNull(retryJitter, "retryJitter");
    if (retryMin.isNegative() || retryJitter.isNegative()) {
      throw new IllegalArgumentException("drain retry must not be negative");
    }
  }
}
