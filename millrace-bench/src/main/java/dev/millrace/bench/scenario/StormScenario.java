package dev.millrace.bench.scenario;

import dev.millrace.bench.load.LoadStats;
import dev.millrace.bench.load.PublishLoop;
import dev.millrace.bench.load.SseClient;
import dev.millrace.bench.load.SubscriberPool;
import dev.millrace.bench.server.ProcessSampler;
import dev.millrace.bench.server.Target;
import java.time.Duration;

/**
 * Reconnect storm: open the streams, publish, drop every stream at once (as a load balancer reset
 * or a network blip does), let each reopen after a random delay up to the jitter with {@code
 * Last-Event-ID}, keep publishing, then count what was lost or duplicated and how long it took
 * until every stream was back.
 */
public final class StormScenario {

  private static final Duration RESUME_TIMEOUT = Duration.ofMinutes(2);

  private final int eventLoops;

  public StormScenario(int eventLoops) {
    this.eventLoops = eventLoops;
  }

  public StormResult run(Target target, FanOutSpec spec, Duration jitter)
      throws InterruptedException {
    var server = new ProcessSampler(target.pid());
    var stats = new LoadStats();
    var endpoint =
        target.endpoint().withTopicPrefix("storm" + System.currentTimeMillis() % 100_000);
    try (var client = new SseClient(eventLoops);
        var pool = new SubscriberPool(client, endpoint, stats, spec.subscribers(), spec.topics());
        var publisher =
            new PublishLoop(
                endpoint, spec.topics(), Math.min(spec.topics(), 4), spec.payloadBytes())) {
      pool.openAll(FanOutScenario.OPENING_IN_FLIGHT, FanOutScenario.OPEN_TIMEOUT);
      publisher.start(spec.rate());
      Thread.sleep(spec.warmup().toMillis());
      long before = server.sample().rssBytes();
      try (var memory = new MemoryWatch(server)) {
        pool.reconnect(jitter);
        long dropped = System.nanoTime();
        pool.dropAll();
        Progress.log("%s: dropped %d streams", target.name(), spec.subscribers());
        boolean resumed = awaitResumed(pool, RESUME_TIMEOUT);
        double seconds = (System.nanoTime() - dropped) / 1e9;
        Progress.log(
            "%s: %s after %.1f s",
            target.name(), resumed ? "all resumed" : "NOT all resumed", seconds);
        Thread.sleep(spec.duration().toMillis());
        publisher.stop();
        publisher.awaitIdle(FanOutScenario.DRAIN_TIMEOUT.toMillis());
        long[] published = publisher.published();
        pool.awaitComplete(published, FanOutScenario.DRAIN_TIMEOUT);
        return new StormResult(
            "storm",
            target.name(),
            target.settings(),
            spec.subscribers(),
            spec.topics(),
            spec.rate(),
            jitter.toMillis(),
            seconds,
            resumed,
            publisher.sent(),
            publisher.counters().failed(),
            pool.missing(published),
            stats.duplicates(),
            stats.reorderings(),
            before,
            memory.peakBytes(),
            ProcessSampler.loadAverage());
      }
    }
  }

  private static boolean awaitResumed(SubscriberPool pool, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pool.streams().stream().allMatch(s -> s.isOpen() && s.opens() >= 2)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
