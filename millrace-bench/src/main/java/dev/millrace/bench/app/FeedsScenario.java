package dev.millrace.bench.app;

import dev.millrace.bench.scenario.Progress;
import dev.millrace.bench.server.ProcessSampler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds end-to-end (scenario 3): clients watch the feed list and one feed while posts are created
 * through the API; measures publish-to-client latency through outbox, bus, projection and render,
 * the server's renders per post, and checks that every client's final snapshot has every post.
 */
public final class FeedsScenario {

  /**
   * The render counters read before and after posting, by short name. The SSE engine's series are
   * tagged with the adapter's class name, so a server that wraps the adapters has none of the last
   * two: only the series a server has are reported, and {@value #SSE_RENDERS} sums them all.
   */
  static final Map<String, String> RENDER_SERIES =
      Map.of(
          "feedStreamRenders", "millrace_feeds_stream_renders_total{stream=\"feed\"}",
          "feedListStreamRenders", "millrace_feeds_stream_renders_total{stream=\"feeds\"}",
          "sseFeedRenders", "millrace_sse_renders_total{handler=\"FeedStream\"}",
          "sseFeedListRenders", "millrace_sse_renders_total{handler=\"FeedListStream\"}");

  /** Renders of every SSE handler of the server, whatever its name. */
  static final String SSE_RENDERS = "sseRenders";

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final int eventLoops;

  public FeedsScenario(int eventLoops) {
    this.eventLoops = eventLoops;
  }

  public FeedsResult run(String target, String settings, URI base, long pid, FeedsSpec spec)
      throws InterruptedException {
    var server = new ProcessSampler(pid);
    String tag = "bench" + System.currentTimeMillis() % 1_000_000;
    var clock = new PostClock((int) Math.ceil(spec.rate() * spec.duration().toSeconds()) + 16);
    var listLatencies = new Latencies();
    var feedLatencies = new Latencies();
    try (var api = new ApiClient(base, Map.of());
        var opener =
            new StreamOpener(eventLoops, new InetSocketAddress(base.getHost(), base.getPort()))) {
      var watched =
          WatchedFeed.open(
              target,
              api,
              opener,
              tag,
              post("seed", tag),
              spec.listClients(),
              spec.feedClients(),
              clock,
              listLatencies,
              feedLatencies);
      List<FeedListWatcher> lists = watched.lists();
      List<FeedWatcher> feeds = watched.feeds();
      var metricsBefore = PromMetrics.parse(api.expect(200, "GET", "/metrics", null));
      var cpuBefore = server.sample();
      long snapshotsBefore = snapshots(lists, feeds);
      long start = System.nanoTime();
      Progress.log("%s: creating posts at %.1f/s for %s", target, spec.rate(), spec.duration());
      int[] failed = {0};
      int created = createPosts(api, tag, clock, spec, failed);
      double postingSeconds = (System.nanoTime() - start) / 1e9;
      long drainStart = System.nanoTime();
      boolean allFinal = awaitFinal(lists, feeds, created);
      double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
      double windowSeconds = (System.nanoTime() - start) / 1e9;
      var cpuAfter = server.sample();
      var metricsAfter = PromMetrics.parse(api.expect(200, "GET", "/metrics", null));
      long snapshots = snapshots(lists, feeds) - snapshotsBefore;
      Map<String, Double> renders = new LinkedHashMap<>();
      Map<String, Double> perPost = new LinkedHashMap<>();
      RENDER_SERIES.forEach(
          (name, series) -> {
            if (metricsAfter.has(series)) {
              renders.put(name, metricsAfter.get(series) - metricsBefore.get(series));
            }
          });
      renders.put(
          SSE_RENDERS,
          metricsAfter.sum("millrace_sse_renders_total")
              - metricsBefore.sum("millrace_sse_renders_total"));
      renders.forEach((name, delta) -> perPost.put(name, created == 0 ? 0 : delta / created));
      long lost = 0;
      long skipped = 0;
      long duplicated = 0;
      long reordered = 0;
      for (var w : lists) {
        lost += w.missingFromFinal(created);
        duplicated += w.duplicated();
        reordered += w.reordered();
      }
      for (var w : feeds) {
        lost += w.missingFromFinal(created);
        skipped += w.neverSeen(created) - w.missingFromFinal(created);
        duplicated += w.duplicated();
        reordered += w.reordered();
      }
      long cpuNanos = cpuAfter.cpuNanos() - cpuBefore.cpuNanos();
      var latencies = Latencies.merged(listLatencies, feedLatencies);
      return new FeedsResult(
          "feeds",
          target,
          settings,
          spec.listClients(),
          spec.feedClients(),
          spec.rate(),
          created,
          failed[0],
          created / Math.max(postingSeconds, spec.duration().toNanos() / 1e9),
          snapshots,
          latencies.count(),
          latencies.percentileMillis(50),
          latencies.percentileMillis(99),
          latencies.percentileMillis(99.9),
          latencies.maxMillis(),
          listLatencies.percentileMillis(50),
          listLatencies.percentileMillis(99),
          feedLatencies.percentileMillis(50),
          feedLatencies.percentileMillis(99),
          lost,
          skipped,
          duplicated,
          reordered,
          allFinal,
          drainSeconds,
          renders,
          perPost,
          cpuNanos / 1e7 / windowSeconds,
          snapshots == 0 ? 0 : cpuNanos / 1e3 / snapshots,
          ProcessSampler.loadAverage());
    }
  }

  static String post(String title, String tag) {
    return "{\"title\":\""
        + title
        + "\",\"content\":\"bench post #"
        + tag
        + "\",\"author\":\"bench\"}";
  }

  private static int createPosts(
      ApiClient api, String tag, PostClock clock, FeedsSpec spec, int[] failed)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + spec.duration().toNanos();
    int seq = 0;
    while (seq < clock.capacity()) {
      long due = start + (long) (seq / spec.rate() * 1e9);
      if (due >= end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      seq++;
      clock.sent(seq);
      var answer = api.send("POST", "/api/posts", post("bench-" + seq, tag));
      if (answer.status() != 201) {
        failed[0]++;
        Progress.log("post %d answered %d: %s", seq, answer.status(), answer.body());
      }
    }
    return seq - failed[0];
  }

  private static boolean awaitFinal(
      List<FeedListWatcher> lists, List<FeedWatcher> feeds, int created)
      throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (lists.stream().allMatch(w -> w.missingFromFinal(created) == 0)
          && feeds.stream().allMatch(w -> w.missingFromFinal(created) == 0)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static long snapshots(List<FeedListWatcher> lists, List<FeedWatcher> feeds) {
    return lists.stream().mapToLong(FeedListWatcher::snapshots).sum()
        + feeds.stream().mapToLong(FeedWatcher::snapshots).sum();
  }
}
