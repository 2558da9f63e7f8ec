package dev.millrace.bench.app;

import java.time.Duration;

/**
 * Build-log load: {@code steps} running steps, {@code viewersPerStep} viewers on each, runners
 * appending {@code linesPerSecond} lines in total (spread evenly over the steps) in batches every
 * {@code batchMillis}, for {@code duration}.
 */
public record LogsSpec(
    int steps, int viewersPerStep, double linesPerSecond, long batchMillis, Duration duration) {

  /** Scenario 5: 100 steps × 10 viewers, 2,000 lines per second in total, batches every 250 ms. */
  public static LogsSpec standard(Duration duration) {
    return new LogsSpec(100, 10, 2000, 250, duration);
  }
}
