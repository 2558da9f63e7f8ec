package dev.millrace.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link JdbcOutbox}.
 *
 * @param table the outbox table; the relay's lock row lives in {@code <table>_lock}
 * @param batchSize rows the relay publishes per transaction, at most {@value #MAX_BATCH_SIZE}
 * @param pollInterval how often the relay looks for rows appended by other processes (rows appended
 *     through the same {@link JdbcOutbox} wake it at once)
 * @param publishTimeout how long the relay waits for the publisher to accept one batch
 * @param sentRetention how long sent rows are kept before the relay deletes them
 * @param meterRegistry where the metrics go
 */
public record OutboxOptions(
    String table,
    int batchSize,
    Duration pollInterval,
    Duration publishTimeout,
    Duration sentRetention,
    MeterRegistry meterRegistry) {

  public static final String DEFAULT_TABLE = "millrace_outbox";
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int MAX_BATCH_SIZE = 1000;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SENT_RETENTION = Duration.ofHours(1);

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");

  public OutboxOptions {
    Objects.requireNonNull(table, "table");
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("table must be a plain SQL identifier: " + table);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize must be 1 to 1000: " + batchSize);
    }
    requirePositive(pollInterval, "pollInterval");
    requirePositive(publishTimeout, "publishTimeout");
    requirePositive(sentRetention, "sentRetention");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
  }

  /** Defaults; metrics go to Micrometer's global registry. */
  public static OutboxOptions defaults() {
    return new OutboxOptions(
        DEFAULT_TABLE,
        DEFAULT_BATCH_SIZE,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_PUBLISH_TIMEOUT,
        DEFAULT_SENT_RETENTION,
        Metrics.globalRegistry);
  }

  public OutboxOptions withTable(String table) {
    return new OutboxOptions(
        table, batchSize, pollInterval, publishTimeout, sentRetention, meterRegistry);
  }

  public OutboxOptions withBatchSize(int batchSize) {
    return new OutboxOptions(
        table, batchSize, pollInterval, publishTimeout, sentRetention, meterRegistry);
  }

  public OutboxOptions withPollInterval(Duration pollInterval) {
    return new OutboxOptions(
        table, batchSize, pollInterval, publishTimeout, sentRetention, meterRegistry);
  }

  public OutboxOptions withPublishTimeout(Duration publishTimeout) {
    return new OutboxOptions(
        table, batchSize, pollInterval, publishTimeout, sentRetention, meterRegistry);
  }

  public OutboxOptions withSentRetention(Duration sentRetention) {
    return new OutboxOptions(
        table, batchSize, pollInterval, publishTimeout, sentRetention, meterRegistry);
  }

  public OutboxOptions withMeterRegistry(MeterRegistry meterRegistry) {
    return new OutboxOptions(
        table, batchSize, pollInterval, publishTimeout, sentRetention, meterRegistry);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
