package dev.millrace.bench;

import dev.millrace.bench.app.AppSummary;
import dev.millrace.bench.app.FeedsResult;
import dev.millrace.bench.app.FeedsScenario;
import dev.millrace.bench.app.FeedsSpec;
import dev.millrace.bench.app.LogsScenario;
import dev.millrace.bench.app.LogsSpec;
import dev.millrace.bench.app.RenderRatios;
import dev.millrace.bench.scenario.Progress;
import dev.millrace.bench.server.AppServerTarget;
import dev.millrace.bench.server.ServerLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the app scenarios against fresh app servers: {@code feeds} against each app target of {@code
 * --targets} in turn (the server jar, and {@link dev.millrace.bench.server.FeedsHost} rendering
 * once or per connection), with the per-connection/render-once ratios when both ran; {@code logs}
 * against the server jar.
 */
final class AppRuns {

  private final Main options;

  AppRuns(Main options) {
    this.options = options;
  }

  String run(List<Object> results) throws InterruptedException {
    var duration = Duration.ofSeconds(options.durationSeconds);
    if (options.scenario.equals("feeds")) {
      return feeds(results, duration);
    }
    try (var server = start(AppServerTarget.MILLRACE)) {
      double rate =
          options.rate != null ? options.rate : LogsSpec.standard(duration).linesPerSecond();
      var spec = new LogsSpec(options.steps, options.viewers, rate, options.batchMillis, duration);
      var result =
          new LogsScenario(options.eventLoops)
              .run(server.name(), server.settings(), server.base(), server.pid(), spec);
      results.add(result);
      return AppSummary.logs(result);
    }
  }

  private String feeds(List<Object> results, Duration duration) throws InterruptedException {
    double rate = options.rate != null ? options.rate : FeedsSpec.standard(duration).rate();
    var spec = new FeedsSpec(options.clients, options.clients, rate, duration);
    Map<String, FeedsResult> runs = new LinkedHashMap<>();
    var summary = new StringBuilder();
    for (String name : options.targets) {
      if (!AppServerTarget.isAppTarget(name)) {
        Progress.log("feeds: skipping %s, which does not serve the apps", name);
        continue;
      }
      Progress.log(
          "feeds against %s: %d + %d clients, %.1f posts/s",
          name, spec.listClients(), spec.feedClients(), rate);
      try (var server = start(name)) {
        var result =
            new FeedsScenario(options.eventLoops)
                .run(name, server.settings(), server.base(), server.pid(), spec);
        System.err.print(AppSummary.feeds(result));
        results.add(result);
        runs.put(name, result);
        summary.append(AppSummary.feeds(result));
      }
    }
    var perConnection = runs.get(AppServerTarget.FEEDS_PER_CONNECTION);
    var renderOnce =
        runs.getOrDefault(AppServerTarget.FEEDS_ONCE, runs.get(AppServerTarget.MILLRACE));
    if (perConnection != null && renderOnce != null) {
      var ratios = RenderRatios.of(perConnection, renderOnce);
      results.add(ratios);
      summary.append(AppSummary.renderRatios(ratios));
    }
    return summary.toString();
  }

  private AppServerTarget start(String name) {
    try {
      Path work = Files.createTempDirectory("millrace-bench-" + name + "-");
      int port;
      try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      return AppServerTarget.start(
          name, ServerLaunch.of(options.jvmFlags), options.serverJar, work, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the server", e);
    }
  }
}
