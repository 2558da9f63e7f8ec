package dev.millrace.bench;

import dev.millrace.bench.server.AppServerTarget;
import dev.millrace.bench.server.ServerLaunch;
import dev.millrace.bench.write.WriteScenario;
import dev.millrace.bench.write.WriteSpec;
import dev.millrace.bench.write.WriteSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs the write scenario against a fresh server jar on the embedded default, or against a running
 * server or cluster given by {@code --url}.
 */
final class WriteRuns {

  private final Main options;

  WriteRuns(Main options) {
    this.options = options;
  }

  String run(List<Object> results) throws InterruptedException {
    var spec =
        new WriteSpec(
            options.clients,
            options.clients,
            options.writers,
            rates(),
            Duration.ofSeconds(options.durationSeconds));
    var scenario = new WriteScenario(options.eventLoops);
    if (options.url != null) {
      var pids = options.pids == null ? List.<Long>of() : options.pids;
      var result = scenario.run("url", options.url.toString(), options.url, pids, spec);
      results.add(result);
      return WriteSummary.of(result);
    }
    try (var server = start()) {
      var result =
          scenario.run(
              server.name(), server.settings(), server.base(), List.of(server.pid()), spec);
      results.add(result);
      return WriteSummary.of(result);
    }
  }

  private List<Double> rates() {
    if (options.rates == null) {
      return WriteSpec.standardRates();
    }
    return options.rates.stream()
        .map(r -> r.toLowerCase(Locale.ROOT).equals("max") ? 0.0 : Double.parseDouble(r))
        .toList();
  }

  private AppServerTarget start() {
    try {
      var work = Files.createTempDirectory("millrace-bench-write-");
      int port;
      try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      return AppServerTarget.start(
          AppServerTarget.MILLRACE,
          ServerLaunch.of(options.jvmFlags),
          options.serverJar,
          work,
          port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the server", e);
    }
  }
}
