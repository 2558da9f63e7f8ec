package dev.millrace.bench.app;

import dev.millrace.bench.scenario.Progress;
import dev.millrace.bench.server.AppServerTarget;
import dev.millrace.bench.server.ProcessSampler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Build logs (scenario 5): steps started through the runner API, viewers on each step's log stream,
 * runners appending lines at a fixed total rate, then finishing the steps; measures lines delivered
 * per second and latency, and checks every viewer got exactly lines 1..last.
 */
public final class LogsScenario {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long, once every line is in, the viewers get to receive their step's end event. */
  private static final Duration END_GRACE = Duration.ofSeconds(5);

  private final int eventLoops;

  public LogsScenario(int eventLoops) {
    this.eventLoops = eventLoops;
  }

  public LogsResult run(String target, String settings, URI base, long pid, LogsSpec spec)
      throws InterruptedException {
    var server = new ProcessSampler(pid);
    String repo = "/api/v1/repos/bench/r" + System.currentTimeMillis() % 1_000_000;
    var latencies = new Latencies();
    var auth = Map.of("Authorization", "Bearer " + AppServerTarget.RUNNER_TOKEN);
    try (var api = new ApiClient(base, auth);
        var opener =
            new StreamOpener(eventLoops, new InetSocketAddress(base.getHost(), base.getPort()))) {
      List<String> steps = new ArrayList<>();
      for (int i = 0; i < spec.steps(); i++) {
        String body = api.expect(201, "POST", repo + "/builds", "{\"steps\":[{\"name\":\"s\"}]}");
        int number = FeedWatcher.JSON.readTree(body).path("number").asInt();
        String step = repo + "/builds/" + number + "/steps/1";
        api.expect(200, "PATCH", step, "{\"status\":\"running\"}");
        steps.add(step);
      }
      List<List<LogViewer>> viewers = new ArrayList<>();
      Progress.log("%s: opening %d × %d viewers", target, spec.steps(), spec.viewersPerStep());
      for (String step : steps) {
        List<LogViewer> group = new ArrayList<>();
        for (int v = 0; v < spec.viewersPerStep(); v++) {
          group.add(new LogViewer(latencies));
        }
        opener.openAll(step + "/logs/events", group, 100);
        viewers.add(group);
      }
      Thread.sleep(1000);
      var cpuBefore = server.sample();
      long start = System.nanoTime();
      Progress.log(
          "%s: appending %.0f lines/s for %s", target, spec.linesPerSecond(), spec.duration());
      var runners = new LogRunners(api, steps, spec);
      runners.run();
      double appendSeconds = (System.nanoTime() - start) / 1e9;
      for (String step : steps) {
        api.expect(200, "PATCH", step, "{\"status\":\"success\"}");
      }
      long drainStart = System.nanoTime();
      long complete = awaitLines(viewers, runners);
      long stop = complete > 0 ? complete : System.nanoTime();
      double drainSeconds = (stop - drainStart) / 1e9;
      double window = (stop - start) / 1e9;
      var cpuAfter = server.sample();
      double sampled = (System.nanoTime() - start) / 1e9;
      long deliveries = 0;
      long lost = 0;
      long duplicated = 0;
      long reordered = 0;
      int ended = 0;
      for (int s = 0; s < steps.size(); s++) {
        for (var viewer : viewers.get(s)) {
          deliveries += viewer.deliveries();
          lost += viewer.lost(runners.appended(s));
          duplicated += viewer.duplicated();
          reordered += viewer.reordered();
          ended += viewer.ended() ? 1 : 0;
        }
      }
      long cpuNanos = cpuAfter.cpuNanos() - cpuBefore.cpuNanos();
      return new LogsResult(
          "logs",
          target,
          settings,
          spec.steps(),
          spec.viewersPerStep(),
          spec.linesPerSecond(),
          runners.appendedTotal(),
          runners.failed(),
          runners.appendedTotal() / appendSeconds,
          deliveries,
          deliveries / window,
          latencies.percentileMillis(50),
          latencies.percentileMillis(99),
          latencies.percentileMillis(99.9),
          latencies.maxMillis(),
          lost,
          duplicated,
          reordered,
          ended,
          drainSeconds,
          cpuNanos / 1e7 / sampled,
          deliveries == 0 ? 0 : cpuNanos / 1e3 / deliveries,
          ProcessSampler.loadAverage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiCallFailedException("unexpected build answer: " + e, e);
    }
  }

  /**
   * Waits until every viewer has every line, then up to {@link #END_GRACE} more for every viewer's
   * end event; returns when the lines were complete ({@link System#nanoTime}), or -1 if they never
   * were.
   */
  private static long awaitLines(List<List<LogViewer>> viewers, LogRunners runners)
      throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    long complete = -1;
    while (System.nanoTime() < deadline) {
      boolean lines = true;
      boolean ended = true;
      for (int s = 0; s < viewers.size(); s++) {
        long total = runners.appended(s);
        for (var viewer : viewers.get(s)) {
          lines &= viewer.lost(total) == 0;
          ended &= viewer.ended();
        }
      }
      if (lines && complete < 0) {
        complete = System.nanoTime();
        deadline = Math.min(deadline, complete + END_GRACE.toNanos());
      }
      if (lines && ended) {
        break;
      }
      Thread.sleep(20);
    }
    return complete;
  }
}
