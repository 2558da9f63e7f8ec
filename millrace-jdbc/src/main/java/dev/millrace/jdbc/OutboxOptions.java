package dev.millrace.jdbc;

import dev.millrace.core.deadletter.DeadLetterStore;
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
 * @param maxMessageBytes the largest message {@link JdbcOutbox#append} accepts: payload plus
 *     metadata keys and values in UTF-8; the default leaves room under NATS's {@code max_payload}
 *     (1 MiB unless the server is configured otherwise, headers included)
 * @param topicPattern the regular expression every topic must match at {@link JdbcOutbox#append};
 *     the default accepts what every adapter accepts: dot-separated tokens of letters, digits,
 *     {@code _} and {@code -}
 * @param maxPublishAttempts how many times the relay tries a row that the publisher refuses for
 *     what it is (see {@link dev.millrace.core.deadletter.FailureClassifier#standard()}) before it
 *     sets the row aside as a dead letter; failures that mean the broker is unavailable are retried
 *     without limit
 * @param deadLetters where the relay sets refused rows aside, or {@code null} for a {@link
 *     JdbcDeadLetterStore} in table {@code <table>_dead} of the outbox's database (created by
 *     {@link JdbcOutbox#ensureTable()})
 */
public record OutboxOptions(
    String table,
    int batchSize,
    Duration pollInterval,
    Duration publishTimeout,
    Duration sentRetention,
    MeterRegistry meterRegistry,
    int maxMessageBytes,
    String topicPattern,
    int maxPublishAttempts,
    DeadLetterStore deadLetters) {

  public static final String DEFAULT_TABLE = "millrace_outbox";
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int MAX_BATCH_SIZE = 1000;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SENT_RETENTION = Duration.ofHours(1);

  /** NATS's default {@code max_payload} (1 MiB), less 16 KiB for the headers' framing. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 - 16 * 1024;

  public static final String DEFAULT_TOPIC_PATTERN = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";
  public static final int DEFAULT_MAX_PUBLISH_ATTEMPTS = 5;

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
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
    Objects.requireNonNull(topicPattern, "topicPattern");
    Pattern.compile(topicPattern); // fails on a malformed expression
    if (maxPublishAttempts < 1) {
      throw new IllegalArgumentException(
          "maxPublishAttempts must be positive: " + maxPublishAttempts);
    }
  }

  /** Options with the default message limits and dead letters. */
  public OutboxOptions(
      String table,
      int batchSize,
      Duration pollInterval,
      Duration publishTimeout,
      Duration sentRetention,
      MeterRegistry meterRegistry) {
    this(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_TOPIC_PATTERN,
        DEFAULT_MAX_PUBLISH_ATTEMPTS,
        null);
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
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withBatchSize(int batchSize) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withPollInterval(Duration pollInterval) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withPublishTimeout(Duration publishTimeout) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withSentRetention(Duration sentRetention) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withMeterRegistry(MeterRegistry meterRegistry) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withMaxMessageBytes(int maxMessageBytes) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withTopicPattern(String topicPattern) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withMaxPublishAttempts(int maxPublishAttempts) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  public OutboxOptions withDeadLetters(DeadLetterStore deadLetters) {
    return new OutboxOptions(
        table,
        batchSize,
        pollInterval,
        publishTimeout,
        sentRetention,
        meterRegistry,
        maxMessageBytes,
        topicPattern,
        maxPublishAttempts,
        deadLetters);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
