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
  static final Duration RECONNECT_JITTER = Duration.ofSeconds(1);
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);
  static final int OPENING_IN_FLIGHT = 200;

  private final int eventLoops;
  private final Duration settle;

  /**
   * @param eventLoops load-generator threads
   * @param settle pause before the baseline memory sample and after opening the streams
   */
  public FanOutScenario(int eventLoops, Duration settle) {
    this.eventLoops = eventLoops;
    this.settle = settle;
  }

  public FanOutResult run(Target target, FanOutSpec spec) throws InterruptedException {
    var server = new ProcessSampler(target.pid());
    var self = new ProcessSampler(ProcessHandle.current().pid());
    var stats = new LoadStats();
    var endpoint = target.endpoint().withTopicPrefix("run" + System.currentTimeMillis() % 100_000);
    try (var client = new SseClient(eventLoops);
        var memory = new MemoryWatch(server);
        var pool = new SubscriberPool(client, endpoint, stats, spec.subscribers(), spec.topics());
        var publisher =
            new PublishLoop(
                endpoint,
                spec.topics(),
                Math.min(spec.topics(), eventLoops * 2),
                spec.payloadBytes())) {
      Thread.sleep(settle.toMillis());
      long baseline = server.sample().rssBytes();
      long opening = System.nanoTime();
      pool.openAll(OPENING_IN_FLIGHT, OPEN_TIMEOUT);
      // Like a browser's EventSource: a stream the server closes reopens with Last-Event-ID.
      pool.reconnect(RECONNECT_JITTER);
      Progress.log(
          "%s: %d streams open in %.1f s",
          target.name(), spec.subscribers(), (System.nanoTime() - opening) / 1e9);
      Thread.sleep(settle.toMillis());
      long idle = server.sample().rssBytes();

      publisher.start(spec.rate());
      Thread.sleep(spec.warmup().toMillis());
      long start = Payload.nowMicros();
      stats.measureWindow(start, start + spec.duration().toNanos() / 1_000);
      stats.takeLatencies();
      var cpu0 = server.sample();
      var self0 = self.sample();
      long delivered0 = stats.deliveries();
      long sent0 = publisher.sent();
      long t0 = System.nanoTime();
      Thread.sleep(spec.duration().toMillis());
      double achievedRate = (publisher.sent() - sent0) / ((System.nanoTime() - t0) / 1e9);
      double loadAverage = ProcessSampler.loadAverage();
      publisher.stop();
      long draining = System.nanoTime();
      boolean answered = publisher.awaitIdle(DRAIN_TIMEOUT.toMillis());
      long[] published = publisher.published();
      boolean complete = pool.awaitComplete(published, DRAIN_TIMEOUT);
      // CPU and deliveries over the same interval: from the window's start until drained.
      var cpu1 = server.sample();
      var self1 = self.sample();
      long deliveries = Math.max(1, stats.deliveries() - delivered0);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Progress.log(
          "%s: publishes %s, deliveries %s after %.1f s",
          target.name(),
          answered ? "all answered" : "NOT all answered",
          complete ? "complete" : "INCOMPLETE",
          (System.nanoTime() - draining) / 1e9);
      Histogram latencies = stats.takeLatencies();
      return new FanOutResult(
          spec.name(),
          target.name(),
          target.settings(),
          spec.subscribers(),
          spec.topics(),
          spec.rate(),
          achievedRate,
          seconds,
          publisher.sent(),
          publisher.counters().failed(),
          pool.expected(published),
          pool.missing(published),
          stats.duplicates(),
          stats.reorderings(),
          stats.foreignEvents(),
          pool.reconnects(),
          stats.measuredDeliveries(),
          (cpu1.cpuNanos() - cpu0.cpuNanos()) / 1e3 / deliveries,
          cpu1.cpuNanos() == cpu0.cpuNanos()
              ? 0
              : (cpu1.systemNanos() - cpu0.systemNanos())
                  / (double) (cpu1.cpuNanos() - cpu0.cpuNanos()),
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
