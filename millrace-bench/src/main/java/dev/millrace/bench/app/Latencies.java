package dev.millrace.bench.app;

import org.HdrHistogram.ConcurrentHistogram;

/** Latencies in microseconds, recorded from any thread; read as milliseconds. */
public final class Latencies {

  private final ConcurrentHistogram micros = new ConcurrentHistogram(3);

  /** Microseconds on a clock shared by publisher and watchers (monotonic, this JVM only). */
  public static long nowMicros() {
    return System.nanoTime() / 1000;
  }

  /** A copy holding the values of both. */
  public static Latencies merged(Latencies a, Latencies b) {
    var merged = new Latencies();
    merged.micros.add(a.micros);
    merged.micros.add(b.micros);
    return merged;
  }

  public void record(long latencyMicros) {
    micros.recordValue(Math.max(0, latencyMicros));
  }

  /** Forgets every value; call it while nothing records. */
  public void reset() {
    micros.reset();
  }

  public long count() {
    return micros.getTotalCount();
  }

  public double percentileMillis(double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMillis() {
    return micros.getMaxValue() / 1000.0;
  }
}
