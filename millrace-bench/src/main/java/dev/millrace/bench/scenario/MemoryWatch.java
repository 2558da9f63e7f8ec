package dev.millrace.bench.scenario;

import dev.millrace.bench.server.ProcessSampler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a server's RSS twice a second and keeps the peak, until closed. */
final class MemoryWatch implements AutoCloseable {

  private final AtomicLong peak = new AtomicLong();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            var t = new Thread(r, "bench-memory-watch");
            t.setDaemon(true);
            return t;
          });

  MemoryWatch(ProcessSampler sampler) {
    timer.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(sampler.sample().rssBytes(), Math::max),
        0,
        500,
        TimeUnit.MILLISECONDS);
  }

  long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
