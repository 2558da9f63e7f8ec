package dev.millrace.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link SseHub}.
 *
 * @param token bearer token that {@code POST /hub/{topic}} requires, or {@code null} to turn
 *     publishing over HTTP off
 * @param replaySize events kept per topic for clients that resume with {@code Last-Event-ID}
 * @param maxMessageBytes largest accepted request body of a publish (larger: 413)
 * @param sse engine settings (heartbeat, buffers, drain)
 * @param maxTopics most topics the hub keeps history for. A new topic at the cap evicts the least
 *     recently active topic that has no subscribers; when every topic has subscribers, the new one
 *     keeps no history (its subscribers still get every event live; a client resuming on it is told
 *     with a {@code reset} event)
 * @param topicIdleTimeout a topic without subscribers is forgotten, history included, once nothing
 *     was published to it for this long
 */
public record HubOptions(
    String token,
    int replaySize,
    int maxMessageBytes,
    SseOptions sse,
    int maxTopics,
    Duration topicIdleTimeout) {

  public static final int DEFAULT_REPLAY_SIZE = 100;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_TOPICS = 10_000;
  public static final Duration DEFAULT_TOPIC_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** Publishing off, defaults elsewhere. */
  public static final HubOptions DEFAULTS =
      new HubOptions(
          null,
          DEFAULT_REPLAY_SIZE,
          DEFAULT_MAX_MESSAGE_BYTES,
          SseOptions.DEFAULTS,
          DEFAULT_MAX_TOPICS,
          DEFAULT_TOPIC_IDLE_TIMEOUT);

  public HubOptions {
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank (use null to turn it off)");
    }
    if (replaySize < 0) {
      throw new IllegalArgumentException("replaySize must not be negative: " + replaySize);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
    Objects.requireNonNull(sse, "sse");
    if (maxTopics < 1) {
      throw new IllegalArgumentException("maxTopics must be positive: " + maxTopics);
    }
    SseOptions.requirePositive("topicIdleTimeout", topicIdleTimeout);
  }

  public HubOptions withToken(String value) {
    return new HubOptions(value, replaySize, maxMessageBytes, sse, maxTopics, topicIdleTimeout);
  }

  public HubOptions withReplaySize(int value) {
    return new HubOptions(token, value, maxMessageBytes, sse, maxTopics, topicIdleTimeout);
  }

  public HubOptions withMaxMessageBytes(int value) {
    return new HubOptions(token, replaySize, value, sse, maxTopics, topicIdleTimeout);
  }

  public HubOptions withSse(SseOptions value) {
    return new HubOptions(token, replaySize, maxMessageBytes, value, maxTopics, topicIdleTimeout);
  }

  public HubOptions withMaxTopics(int value) {
    return new HubOptions(token, replaySize, maxMessageBytes, sse, value, topicIdleTimeout);
  }

  public HubOptions withTopicIdleTimeout(Duration value) {
    return new HubOptions(token, replaySize, maxMessageBytes, sse, maxTopics, value);
  }

  @Override
  public String toString() {
    return "HubOptions[token="
        + (token == null ? "none" : "***")
        + ", replaySize="
        + replaySize
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", sse="
        + sse
        + ", maxTopics="
        + maxTopics
        + ", topicIdleTimeout="
        + topicIdleTimeout
        + "]";
  }
}
