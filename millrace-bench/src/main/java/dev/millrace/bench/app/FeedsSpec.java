package dev.millrace.bench.app;

import java.time.Duration;

/**
 * Feeds end-to-end load: {@code listClients} watch the feed list, {@code feedClients} watch one
 * feed, and posts are created at {@code rate} per second for {@code duration}.
 */
public record FeedsSpec(int listClients, int feedClients, double rate, Duration duration) {

  /** Scenario 3: 1,000 + 1,000 clients, 5 posts per second. */
  public static FeedsSpec standard(Duration duration) {
    return new FeedsSpec(1000, 1000, 5, duration);
  }
}
