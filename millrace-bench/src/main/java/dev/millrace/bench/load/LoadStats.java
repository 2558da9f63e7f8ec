package dev.millrace.bench.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters shared by every subscriber stream of one load-generator process. Thread-safe: event
 * loops record concurrently.
 */
public final class LoadStats {

  private static final long HIGHEST_LATENCY_MICROS = 600_000_000L;

  private final Recorder latencyMicros = new Recorder(HIGHEST_LATENCY_MICROS, 3);
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder measured = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder reordered = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private volatile long windowStartMicros = Long.MAX_VALUE;
  private volatile long windowEndMicros = Long.MAX_VALUE;

  /** Records latency only for events sent within [start, end) wall-clock microseconds. */
  public void measureWindow(long startMicros, long endMicros) {
    windowStartMicros = startMicros;
    windowEndMicros = endMicros;
  }

  void delivered(Payload payload, long receivedMicros) {
    deliveries.increment();
    long sent = payload.sentMicros();
    if (sent >= windowStartMicros && sent < windowEndMicros) {
      measured.increment();
      latencyMicros.recordValue(
          Math.min(Math.max(0, receivedMicros - sent), HIGHEST_LATENCY_MICROS));
    }
  }

  void duplicate() {
    duplicates.increment();
  }

  void reordered() {
    reordered.increment();
  }

  void foreign() {
    foreign.increment();
  }

  public long deliveries() {
    return deliveries.sum();
  }

  public long measuredDeliveries() {
    return measured.sum();
  }

  public long duplicates() {
    return duplicates.sum();
  }

  public long reorderings() {
    return reordered.sum();
  }

  /** Events whose payload named another topic than the stream's, or was not a payload at all. */
  public long foreignEvents() {
    return foreign.sum();
  }

  /** The latencies (microseconds) recorded since the last call. */
  public Histogram takeLatencies() {
    return latencyMicros.getIntervalHistogram();
  }
}
