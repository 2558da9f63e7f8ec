package dev.millrace.nats;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link JetStreamPubSub} maps topics to a stream and configures its consumers.
 *
 * <p>Topic {@code t} is published on subject {@code <subjectPrefix>.t}; every such subject is
 * stored in one stream, {@code streamName}, which is created with the limits below when it does not
 * exist yet; an existing stream whose limits differ is updated to them (its other settings, such as
 * replicas, stay). The defaults keep a day of history, at most 1 GiB, any number of messages, and
 * deduplicate message ids over two minutes: an outbox relay that republishes a message within that
 * window does not store it twice. The limits discard the oldest messages whether or not a consumer
 * group has received them.
 *
 * @param subjectPrefix first subject token(s) of every topic, such as {@code millrace}
 * @param streamName the stream holding {@code <subjectPrefix>.>}, such as {@code MILLRACE}
 * @param maxAge how long the stream keeps a message; older ones are discarded
 * @param maxBytes size limit of the stream; the oldest messages are discarded beyond it
 * @param maxMessages how many messages the stream keeps, counted over all its topics, or {@code -1}
 *     for no limit; the oldest messages are discarded beyond it
 * @param duplicateWindow how long the server remembers a message id to drop duplicates
 * @param ackWait how long the server waits for a sign of life from a group member holding a message
 *     before it hands the message to another member; a live member renews it every third of this
 *     while its listener works, so this bounds how long a member that died delays a message
 * @param maxDeliver how many times the server hands a group message out (to a member that then
 *     closed or died) before it gives up on it, or {@code -1} for no limit; nacks are retried by
 *     the member and do not count (retries and poison messages are the listener's concern)
 * @param publishTimeout how long a publish waits for the server's acknowledgement
 */
public record JetStreamPubSubOptions(
    String subjectPrefix,
    String streamName,
    Duration maxAge,
    long maxBytes,
    long maxMessages,
    Duration duplicateWindow,
    Duration ackWait,
    int maxDeliver,
    Duration publishTimeout) {

  public static final String DEFAULT_SUBJECT_PREFIX = "millrace";
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(1);
  public static final long DEFAULT_MAX_BYTES = 1L << 30;
  public static final long DEFAULT_MAX_MESSAGES = -1;
  public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);
  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_DELIVER = -1;
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  /** Subjects {@code millrace.>} in stream {@code MILLRACE}, with the default limits. */
  public static final JetStreamPubSubOptions DEFAULTS = forPrefix(DEFAULT_SUBJECT_PREFIX);

  public JetStreamPubSubOptions {
    Objects.requireNonNull(subjectPrefix, "subjectPrefix");
    Objects.requireNonNull(streamName, "streamName");
    if (!subjectPrefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
      throw new IllegalArgumentException(
          "subject prefix must be dot-separated tokens of letters, digits, '_' or '-': "
              + subjectPrefix);
    }
    if (!streamName.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "stream name must be letters, digits, '_' or '-': " + streamName);
    }
    requirePositive(maxAge, "maxAge");
    requirePositive(duplicateWindow, "duplicateWindow");
    requirePositive(ackWait, "ackWait");
    requirePositive(publishTimeout, "publishTimeout");
    if (maxBytes <= 0 && maxBytes != -1) {
      throw new IllegalArgumentException("maxBytes must be positive or -1 (unlimited)");
    }
    if (maxMessages <= 0 && maxMessages != -1) {
      throw new IllegalArgumentException("maxMessages must be positive or -1 (unlimited)");
    }
    if (maxDeliver == 0 || maxDeliver < -1) {
      throw new IllegalArgumentException("maxDeliver must be positive or -1 (unlimited)");
    }
    if (duplicateWindow.compareTo(maxAge) > 0) {
      throw new IllegalArgumentException("duplicateWindow must not exceed maxAge");
    }
  }

  /**
   * Default limits for subjects under {@code prefix}, stored in the stream named after it ({@code
   * feeds.prod} gives stream {@code FEEDS_PROD}).
   */
  public static JetStreamPubSubOptions forPrefix(String prefix) {
    var stream = prefix.replace('.', '_').toUpperCase(Locale.ROOT);
    return new JetStreamPubSubOptions(
        prefix,
        stream,
        DEFAULT_MAX_AGE,
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_MESSAGES,
        DEFAULT_DUPLICATE_WINDOW,
        DEFAULT_ACK_WAIT,
        DEFAULT_MAX_DELIVER,
        DEFAULT_PUBLISH_TIMEOUT);
  }

  public JetStreamPubSubOptions withStreamLimits(
      Duration maxAge, long maxBytes, Duration duplicateWindow) {
    return new JetStreamPubSubOptions(
        subjectPrefix,
        streamName,
        maxAge,
        maxBytes,
        maxMessages,
        duplicateWindow,
        ackWait,
        maxDeliver,
        publishTimeout);
  }

  /** See {@link #maxMessages()}; {@code -1} for no limit. */
  public JetStreamPubSubOptions withMaxMessages(long maxMessages) {
    return new JetStreamPubSubOptions(
        subjectPrefix,
        streamName,
        maxAge,
        maxBytes,
        maxMessages,
        duplicateWindow,
        ackWait,
        maxDeliver,
        publishTimeout);
  }

  public JetStreamPubSubOptions withGroupDelivery(Duration ackWait, int maxDeliver) {
    return new JetStreamPubSubOptions(
        subjectPrefix,
        streamName,
        maxAge,
        maxBytes,
        maxMessages,
        duplicateWindow,
        ackWait,
        maxDeliver,
        publishTimeout);
  }

  public JetStreamPubSubOptions withPublishTimeout(Duration publishTimeout) {
    return new JetStreamPubSubOptions(
        subjectPrefix,
        streamName,
        maxAge,
        maxBytes,
        maxMessages,
        duplicateWindow,
        ackWait,
        maxDeliver,
        publishTimeout);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
