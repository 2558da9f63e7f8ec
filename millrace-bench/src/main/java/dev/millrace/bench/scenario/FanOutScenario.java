package dev.millrace.bench.scenario;

import dev.millrace.bench.load.LoadStats;
import dev.millrace.bench.load.Payload;
import dev.millrace.bench.load.PublishLoop;
import dev.millrace.bench.load.SseClient;
import dev.millrace.bench.load.SubscriberPool;
import dev.millrace.bench.server.ProcessSampler;
import dev.millrace.bench.server.Target;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Runs one fan-out spec against one server: open every stream, measure idle memory, publish through
 * a warm-up and a measured window, then wait until every stream has every message (or a drain
 * timeout) and count what was lost, duplicated or reordered.
 */
public final class FanOutScenario {

  static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
  static final Duration SETTLE = Duration.ofSeconds(2);
  private static final int OPENING_IN_FLIGHT = 200;

  private final int eventLoops;

  public FanOutScenario(int eventLoops) {
    this.eventLoops = eventLoops;
  }

  public FanOutResult run(Target target, FanOutSpec spec) throws InterruptedException {
    var server = new ProcessSampler(target.pid());
    var self = new ProcessSampler(ProcessHandle.current().pid());
    var stats = new LoadStats();
    try (var client = new SseClient(eventLoops);
        var memory = new MemoryWatch(server);
        var pool =
            new SubscriberPool(
                client,
                target.endpoint(),
                stats,
                spec.subscribers(),
                spec.topics(),
                0,
                SubscriberPool.DEFAULT_PER_SOURCE_ADDRESS);
        var publisher =
            new PublishLoop(
                client.group(),
                target.endpoint(),
                spec.topics(),
                Math.min(spec.topics(), eventLoops * 2),
                spec.payloadBytes())) {
      Thread.sleep(SETTLE.toMillis());
      long baseline = server.sample().rssBytes();
      pool.openAll(OPENING_IN_FLIGHT, OPEN_TIMEOUT);
      Thread.sleep(SETTLE.toMillis());
      long idle = server.sample().rssBytes();

      publisher.start(spec.rate());
      Thread.sleep(spec.warmup().toMillis());
      long start = Payload.nowMicros();
      stats.measureWindow(start, start + spec.duration().toNanos() / 1_000);
      stats.takeLatencies();
      var cpu0 = server.sample();
      var self0 = self.sample();
      long t0 = System.nanoTime();
      Thread.sleep(spec.duration().toMillis());
      var cpu1 = server.sample();
      var self1 = self.sample();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double loadAverage = ProcessSampler.loadAverage();
      long measuredAtEnd = stats.measuredDeliveries();
      publisher.stop();
      publisher.awaitIdle(DRAIN_TIMEOUT.toMillis());
      long[] published = publisher.published();
      pool.awaitComplete(published, DRAIN_TIMEOUT);
      Histogram latencies = stats.takeLatencies();
      long deliveries = Math.max(1, measuredAtEnd);
      return new FanOutResult(
          spec.name(),
          target.name(),
          target.settings(),
          spec.subscribers(),
          spec.topics(),
          spec.rate(),
          seconds,
          publisher.sent(),
          publisher.counters().failed(),
          pool.expected(published),
          pool.missing(published),
          stats.duplicates(),
          stats.reorderings(),
          stats.foreignEvents(),
          stats.measuredDeliveries(),
          (cpu1.cpuNanos() - cpu0.cpuNanos()) / 1e3 / deliveries,
          100.0 * (cpu1.cpuNanos() - cpu0.cpuNanos()) / 1e9 / seconds,
          100.0 * (self1.cpuNanos() - self0.cpuNanos()) / 1e9 / seconds,
          millis(latencies, 50),
          millis(latencies, 90),
          millis(latencies, 99),
          millis(latencies, 99.9),
          latencies.getTotalCount() == 0 ? 0 : latencies.getMaxValue() / 1e3,
          baseline,
          idle,
          memory.peakBytes(),
          (idle - baseline) / (double) spec.subscribers(),
          loadAverage);
    }
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e3;
  }
}
