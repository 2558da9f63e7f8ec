package dev.millrace.bench.scenario;

import java.time.Duration;

/**
 * A fan-out load: {@code subscribers} streams spread round-robin over {@code topics}, {@code rate}
 * messages a second published round-robin over the topics, a warm-up that is not measured, then a
 * measured window.
 */
public record FanOutSpec(
    String name,
    int subscribers,
    int topics,
    double rate,
    Duration warmup,
    Duration duration,
    int payloadBytes) {

  public static final int DEFAULT_PAYLOAD_BYTES = 100;

  public FanOutSpec {
    if (subscribers < 1 || topics < 1 || topics > subscribers || rate <= 0) {
      throw new IllegalArgumentException(
          "need subscribers >= topics >= 1 and rate > 0, got %d, %d, %s"
              .formatted(subscribers, topics, rate));
    }
  }

  /** Scenario a: 1,000 subscribers on one topic, 50 messages a second. */
  public static FanOutSpec a(Duration warmup, Duration duration) {
    return new FanOutSpec("a", 1_000, 1, 50, warmup, duration, DEFAULT_PAYLOAD_BYTES);
  }

  /** Scenario c: 10,000 subscribers over 100 topics, 200 messages a second round-robin. */
  public static FanOutSpec c(Duration warmup, Duration duration) {
    return new FanOutSpec("c", 10_000, 100, 200, warmup, duration, DEFAULT_PAYLOAD_BYTES);
  }

  public FanOutSpec scaled(int newSubscribers, int newTopics, double newRate) {
    return new FanOutSpec(name, newSubscribers, newTopics, newRate, warmup, duration, payloadBytes);
  }
}
