package dev.millrace.sse;

import java.util.Objects;

/**
 * Settings of the {@link SseHub}.
 *
 * @param token bearer token that {@code POST /hub/{topic}} requires, or {@code null} to turn
 *     publishing over HTTP off
 * @param replaySize events kept per topic for clients that resume with {@code Last-Event-ID}
 * @param maxMessageBytes largest accepted request body of a publish (larger: 413)
 * @param sse engine settings (heartbeat, buffers, drain)
 */
public record HubOptions(String token, int replaySize, int maxMessageBytes, SseOptions sse) {

  public static final int DEFAULT_REPLAY_SIZE = 100;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

  /** Publishing off, defaults elsewhere. */
  public static final HubOptions DEFAULTS =
      new HubOptions(null, DEFAULT_REPLAY_SIZE, DEFAULT_MAX_MESSAGE_BYTES, SseOptions.DEFAULTS);

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
  }

  public HubOptions withToken(String value) {
    return new HubOptions(value, replaySize, maxMessageBytes, sse);
  }

  public HubOptions withReplaySize(int value) {
    return new HubOptions(token, value, maxMessageBytes, sse);
  }

  public HubOptions withMaxMessageBytes(int value) {
    return new HubOptions(token, replaySize, value, sse);
  }

  public HubOptions withSse(SseOptions value) {
    return new HubOptions(token, replaySize, maxMessageBytes, value);
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
        + "]";
  }
}
