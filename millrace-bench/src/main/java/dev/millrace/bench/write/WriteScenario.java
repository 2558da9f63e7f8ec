package dev.millrace.bench.write;

import dev.millrace.bench.app.ApiClient;
import dev.millrace.bench.app.FeedListWatcher;
import dev.millrace.bench.app.FeedWatcher;
import dev.millrace.bench.app.Latencies;
import dev.millrace.bench.app.PostClock;
import dev.millrace.bench.app.PromMetrics;
import dev.millrace.bench.app.StreamOpener;
import dev.millrace.bench.app.WatchedFeed;
import dev.millrace.bench.scenario.Progress;
import dev.millrace.bench.server.ProcessSampler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The write path under watch: posts are created through the API at increasing rates while clients
 * watch the feed list and the bench's feed. Each step reports accepted posts per second, the
 * write's own latency, visibility latency (request sent to first event showing the post), renders
 * and server CPU per post; the knee is the highest rate whose step kept up. Between steps the
 * watchers drain, so every step starts from a quiet server and its latencies are its own.
 */
public final class WriteScenario {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_POSTS = 2_000_000;

  private final int eventLoops;

  public WriteScenario(int eventLoops) {
    this.eventLoops = eventLoops;
  }

  /** {@code pids}: the server processes whose CPU is counted (every node of a cluster). */
  public WriteResult run(String target, String settings, URI base, List<Long> pids, WriteSpec spec)
      throws InterruptedException {
    List<ProcessSampler> servers = pids.stream().map(ProcessSampler::new).toList();
    String tag = "write" + System.currentTimeMillis() % 1_000_000;
    var clock = new PostClock(MAX_POSTS);
    var visible = new Latencies(); // emptied before each step; the watchers are quiet then
    try (var api = new ApiClient(base, Map.of());
        var opener =
            new StreamOpener(eventLoops, new InetSocketAddress(base.getHost(), base.getPort()))) {
      var watched =
          WatchedFeed.open(
              target,
              api,
              opener,
              tag,
              post(0, tag),
              spec.listClients(),
              spec.feedClients(),
              clock,
              visible,
              visible);
      List<FeedListWatcher> lists = watched.lists();
      List<FeedWatcher> feeds = watched.feeds();
      var writers = new PostWriters(api, clock, seq -> post(seq, tag), 0);
      List<WriteStep> steps = new ArrayList<>();
      int lastSeq = 0;
      for (double rate : spec.rates()) {
        visible.reset();
        var metricsBefore = PromMetrics.parse(api.expect(200, "GET", "/metrics", null));
        long cpuBefore = cpuNanos(servers);
        Progress.log(
            "%s: %s for %s with %d writers",
            target,
            rate > 0 ? rate + " posts/s" : "as fast as accepted",
            spec.step(),
            spec.writers());
        var outcome = writers.write(spec.writers(), rate, spec.step());
        lastSeq = outcome.lastSeq();
        long drainStart = System.nanoTime();
        boolean drained = awaitFinal(lists, feeds, lastSeq, spec.writers());
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long cpu = cpuNanos(servers) - cpuBefore;
        double window = outcome.seconds() + drainSeconds;
        var metricsAfter = PromMetrics.parse(api.expect(200, "GET", "/metrics", null));
        double renders =
            metricsAfter.sum("millrace_sse_renders_total")
                - metricsBefore.sum("millrace_sse_renders_total");
        int posts = outcome.created();
        long lost = lost(lists, feeds, lastSeq, spec.writers());
        long duplicated =
            lists.stream().mapToLong(FeedListWatcher::duplicated).sum()
                + feeds.stream().mapToLong(FeedWatcher::duplicated).sum();
        var step =
            new WriteStep(
                rate,
                posts,
                outcome.failed(),
                posts / outcome.seconds(),
                outcome.acks().percentileMillis(50),
                outcome.acks().percentileMillis(99),
                visible.percentileMillis(50),
                visible.percentileMillis(99),
                visible.maxMillis(),
                posts == 0 ? 0 : renders / posts,
                posts == 0 ? 0 : cpu / 1e3 / posts,
                cpu / 1e7 / window,
                lost,
                duplicated,
                drained,
                drainSeconds);
        Progress.log("%s: %s", target, WriteSummary.step(step));
        steps.add(step);
        if (!drained) {
          Progress.log("%s: the watchers did not catch up in %s; stopping", target, DRAIN_TIMEOUT);
          break;
        }
      }
      double knee =
          steps.stream()
              .filter(s -> s.targetRate() > 0 && s.keptUp())
              .mapToDouble(WriteStep::targetRate)
              .max()
              .orElse(0);
      double best = steps.stream().mapToDouble(WriteStep::acceptedPerSecond).max().orElse(0);
      return new WriteResult(
          "write",
          target,
          settings,
          spec.listClients(),
          spec.feedClients(),
          spec.writers(),
          steps,
          knee,
          best,
          ProcessSampler.loadAverage());
    }
  }

  static String post(int seq, String tag) {
    return "{\"title\":\"bench-"
        + seq
        + "\",\"content\":\"write bench #"
        + tag
        + "\",\"author\":\"bench\"}";
  }

  private static long cpuNanos(List<ProcessSampler> servers) {
    return servers.stream().mapToLong(server -> server.sample().cpuNanos()).sum();
  }

  /**
   * Watchers' final states that lack posts: the feed list must count them all; a feed watcher's
   * page must hold the newest ones (all but the last few places, which concurrent writers may fill
   * out of number order).
   */
  private static long lost(
      List<FeedListWatcher> lists, List<FeedWatcher> feeds, int created, int writers) {
    int newest = Math.max(1, FeedWatcher.PAGE - 2 * writers);
    return lists.stream().mapToLong(w -> w.missingFromFinal(created)).sum()
        + feeds.stream().mapToLong(w -> w.missingFromFinal(created, newest)).sum();
  }

  private static boolean awaitFinal(
      List<FeedListWatcher> lists, List<FeedWatcher> feeds, int created, int writers)
      throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (lost(lists, feeds, created, writers) == 0) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
