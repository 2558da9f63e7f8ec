package dev.millrace.bench;

import dev.millrace.bench.app.AppSummary;
import dev.millrace.bench.app.FeedsScenario;
import dev.millrace.bench.app.FeedsSpec;
import dev.millrace.bench.app.LogsScenario;
import dev.millrace.bench.app.LogsSpec;
import dev.millrace.bench.scenario.Progress;
import dev.millrace.bench.server.AppServerTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs the app scenarios ({@code feeds}, {@code logs}) against a fresh server jar process. */
final class AppRuns {

  private final Main options;

  AppRuns(Main options) {
    this.options = options;
  }

  String run(List<Object> results) throws InterruptedException {
    var duration = Duration.ofSeconds(options.durationSeconds);
    try (var server = start()) {
      if (options.scenario.equals("feeds")) {
        double rate = options.rate != null ? options.rate : FeedsSpec.standard(duration).rate();
        var spec = new FeedsSpec(options.clients, options.clients, rate, duration);
        Progress.log(
            "feeds: %d + %d clients, %.1f posts/s", spec.listClients(), spec.feedClients(), rate);
        var result =
            new FeedsScenario(options.eventLoops)
                .run("millrace", server.settings(), server.base(), server.pid(), spec);
        results.add(result);
        return AppSummary.feeds(result);
      }
      double rate =
          options.rate != null ? options.rate : LogsSpec.standard(duration).linesPerSecond();
      var spec = new LogsSpec(options.steps, options.viewers, rate, options.batchMillis, duration);
      var result =
          new LogsScenario(options.eventLoops)
              .run("millrace", server.settings(), server.base(), server.pid(), spec);
      results.add(result);
      return AppSummary.logs(result);
    }
  }

  private AppServerTarget start() {
    try {
      Path work = Files.createTempDirectory("millrace-bench-app-");
      int port;
      try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      return AppServerTarget.start(
          Path.of(System.getProperty("java.home"), "bin", "java"),
          options.serverJar,
          work,
          port,
          options.jvmFlags);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the server", e);
    }
  }
}
