package dev.millrace.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link JdbcPubSub}.
 *
 * @param tablePrefix prefix of the tables {@code <prefix>messages}, {@code <prefix>topics} and
 *     {@code <prefix>offsets}; pub/subs sharing a database and a prefix share their messages
 * @param pollInterval how often subscriptions look for messages published by other processes
 *     (messages published in this process wake them at once)
 * @param batchSize messages written per transaction and read per query, at most {@value
 *     #MAX_BATCH_SIZE}
 * @param retention how long a message is kept once every consumer group of its topic has acked it
 *     (messages of topics without groups: how long it is kept at all)
 * @param maxMessagesPerTopic how many of each topic's newest messages are kept, or 0 for no limit:
 *     the older ones are deleted, whatever their age, once every consumer group of the topic has
 *     acked them (a group never loses a message to the limit). Applied when the pub/sub is created
 *     and at each purge, so in between a topic holds up to a purge interval's publishes more; a
 *     fan-out subscription further behind than the limit may miss what was purged before it read it
 * @param purgeInterval how often this instance deletes the messages past their retention or count
 * @param meterRegistry where the metrics go
 * @param soleWriter whether this instance is the only one ever publishing to these tables (an
 *     embedded database that no other process opens): its writes are then in offset order by
 *     themselves, without locking each topic's row in every transaction
 */
public record JdbcPubSubOptions(
    String tablePrefix,
    Duration pollInterval,
    int batchSize,
    Duration retention,
    long maxMessagesPerTopic,
    Duration purgeInterval,
    MeterRegistry meterRegistry,
    boolean soleWriter) {

  public static final String DEFAULT_TABLE_PREFIX = "millrace_pubsub_";
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int MAX_BATCH_SIZE = 1000;
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
  public static final long UNLIMITED_MESSAGES = 0;
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");

  public JdbcPubSubOptions {
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    if (!IDENTIFIER.matcher(tablePrefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must be a plain SQL identifier: " + tablePrefix);
    }
    requirePositive(pollInterval, "pollInterval");
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize must be 1 to 1000: " + batchSize);
    }
    requirePositive(retention, "retention");
    if (maxMessagesPerTopic < 0) {
      throw new IllegalArgumentException(
          "maxMessagesPerTopic must be positive or 0 (no limit): " + maxMessagesPerTopic);
    }
    requirePositive(purgeInterval, "purgeInterval");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
  }

  /** Defaults; metrics go to Micrometer's global registry. */
  public static JdbcPubSubOptions defaults() {
    return new JdbcPubSubOptions(
        DEFAULT_TABLE_PREFIX,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_BATCH_SIZE,
        DEFAULT_RETENTION,
        UNLIMITED_MESSAGES,
        DEFAULT_PURGE_INTERVAL,
        Metrics.globalRegistry,
        false);
  }

  public JdbcPubSubOptions withTablePrefix(String tablePrefix) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  public JdbcPubSubOptions withPollInterval(Duration pollInterval) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  public JdbcPubSubOptions withBatchSize(int batchSize) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  public JdbcPubSubOptions withRetention(Duration retention) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  /** See {@link #maxMessagesPerTopic()}; 0 for no limit. */
  public JdbcPubSubOptions withMaxMessagesPerTopic(long maxMessagesPerTopic) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  public JdbcPubSubOptions withPurgeInterval(Duration purgeInterval) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  public JdbcPubSubOptions withMeterRegistry(MeterRegistry meterRegistry) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  /** See {@link #soleWriter()}; only for a database no other instance or process writes to. */
  public JdbcPubSubOptions withSoleWriter(boolean soleWriter) {
    return new JdbcPubSubOptions(
        tablePrefix,
        pollInterval,
        batchSize,
        retention,
        maxMessagesPerTopic,
        purgeInterval,
        meterRegistry,
        soleWriter);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
