package dev.millrace.bench;

import dev.millrace.bench.report.BenchReport;
import dev.millrace.bench.report.Machine;
import dev.millrace.bench.report.Ratios;
import dev.millrace.bench.report.Summary;
import dev.millrace.bench.scenario.FanOutResult;
import dev.millrace.bench.scenario.FanOutScenario;
import dev.millrace.bench.scenario.FanOutSpec;
import dev.millrace.bench.scenario.IdleScenario;
import dev.millrace.bench.scenario.Progress;
import dev.millrace.bench.scenario.StormScenario;
import dev.millrace.bench.server.ServerLaunch;
import dev.millrace.bench.server.TargetLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run <scenario>}: runs a benchmark scenario and prints a summary and a JSON report. */
@Command(
    name = "millrace-bench/run",
    mixinStandardHelpOptions = true,
    description = "Benchmarks Millrace's SSE hub side by side with nginx+nchan on loopback.")
public final class Main implements Callable<Integer> {

  /** More than one process may hold here (20,000 open files), to find the ceiling. */
  static final int DEFAULT_IDLE_ATTEMPTS = 20_500;

  @Parameters(
      index = "0",
      description =
          "a (1,000 subscribers, 1 topic, 50 msg/s), c (10,000 subscribers, 100 topics,"
              + " 200 msg/s), ac (both), idle (idle capacity), storm (reconnect storm), feeds"
              + " (feeds end-to-end), logs (build logs), write (posts at rising rates while"
              + " clients watch)")
  String scenario;

  @Option(
      names = "--targets",
      split = ",",
      defaultValue = "nchan,millrace",
      description =
          "Servers to measure, in order: nchan, millrace (the server jar), hub (the hub alone);"
              + " feeds also takes feeds-once and feeds-per-connection (the feeds app alone,"
              + " rendering once per key or once per connection) and skips the others"
              + " (default ${DEFAULT-VALUE}).")
  List<String> targets;

  @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured seconds first.")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "30", description = "Measured seconds.")
  int durationSeconds;

  @Option(names = "--subscribers", description = "Override the scenario's subscriber count.")
  Integer subscribers;

  @Option(names = "--topics", description = "Override the scenario's topic count.")
  Integer topics;

  @Option(names = "--rate", description = "Override the scenario's messages per second.")
  Double rate;

  @Option(names = "--event-loops", defaultValue = "2", description = "Load-generator threads.")
  int eventLoops;

  @Option(names = "--server-jar", defaultValue = "apps/server/target/millrace-server.jar")
  Path serverJar;

  @Option(
      names = "--server-jvm-flags",
      split = " ",
      description =
          "JVM flags of the Millrace servers, instead of the shipped apps/server/jvm.options"
              + " (as MILLRACE_JAVA_OPTS replaces them for ./millrace).")
  List<String> jvmFlags;

  @Option(names = "--nchan-workers", defaultValue = "2", description = "nginx worker processes.")
  int nchanWorkers;

  @Option(
      names = "--jitter-ms",
      defaultValue = "1000",
      description = "Storm: each dropped stream reopens after a random delay up to this.")
  long jitterMillis;

  @Option(
      names = "--clients",
      defaultValue = "1000",
      description = "Feeds: clients on the feed list, and as many on one feed.")
  int clients;

  @Option(names = "--steps", defaultValue = "100", description = "Logs: running build steps.")
  int steps;

  @Option(names = "--viewers", defaultValue = "10", description = "Logs: viewers per step.")
  int viewers;

  @Option(
      names = "--batch-ms",
      defaultValue = "250",
      description = "Logs: each runner appends its due lines every this many milliseconds.")
  long batchMillis;

  @Option(
      names = "--writers",
      defaultValue = "4",
      description = "Write: connections creating posts, one request at a time each.")
  int writers;

  @Option(
      names = "--rates",
      split = ",",
      description =
          "Write: posts per second of each step, in order; 0 or max: as fast as accepted"
              + " (default 250,500,1000,2000,3000,max). --duration is each step's length.")
  List<String> rates;

  @Option(
      names = "--url",
      description =
          "Write: measure a running server or cluster at this URL (e.g. scripts/cluster's"
              + " nginx) instead of starting the server jar.")
  java.net.URI url;

  @Option(
      names = "--pids",
      split = ",",
      description = "Write, with --url: the server processes whose CPU to count.")
  List<Long> pids;

  @Option(names = "--out", description = "Also write the JSON report to this file.")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String started = Instant.now().toString();
    var launcher = new TargetLauncher(serverJar, ServerLaunch.of(jvmFlags), nchanWorkers);
    List<Object> results = new ArrayList<>();
    List<Ratios> ratios = new ArrayList<>();
    String summary =
        switch (scenario) {
          case "a", "c", "ac" -> fanOut(launcher, results, ratios);
          case "idle" -> idle(launcher, results);
          case "storm" -> storm(launcher, results);
          case "feeds", "logs" -> new AppRuns(this).run(results);
          case "write" -> new WriteRuns(this).run(results);
          default ->
              throw new CommandLine.ParameterException(
                  new CommandLine(this), "unknown scenario " + scenario);
        };
    var report = new BenchReport(scenario, started, Machine.current(), results, ratios);
    String json = report.toJson();
    System.out.println(json);
    System.out.println();
    System.out.print(summary);
    if (out != null) {
      Files.writeString(out, json);
    }
    return 0;
  }

  private String fanOut(TargetLauncher launcher, List<Object> results, List<Ratios> ratios)
      throws InterruptedException {
    var warmup = Duration.ofSeconds(warmupSeconds);
    var duration = Duration.ofSeconds(durationSeconds);
    List<FanOutSpec> specs = new ArrayList<>();
    if (scenario.contains("a")) {
      specs.add(override(FanOutSpec.a(warmup, duration)));
    }
    if (scenario.contains("c")) {
      specs.add(override(FanOutSpec.c(warmup, duration)));
    }
    List<FanOutResult> runs = new ArrayList<>();
    var runner = new FanOutScenario(eventLoops, FanOutScenario.DEFAULT_SETTLE);
    for (var spec : specs) {
      FanOutResult millrace = null;
      FanOutResult nchan = null;
      for (String name : targets) {
        System.err.printf("scenario %s against %s...%n", spec.name(), name);
        try (var target = launcher.start(name)) {
          var result = runner.run(target, spec);
          System.err.print(Summary.fanOut(List.of(result), List.of()));
          runs.add(result);
          if (name.equals("millrace") || name.equals("hub")) {
            millrace = result;
          } else if (name.equals("nchan")) {
            nchan = result;
          }
        }
      }
      if (millrace != null && nchan != null) {
        ratios.add(Ratios.of(millrace, nchan));
      }
    }
    results.addAll(runs);
    return Summary.fanOut(runs, ratios);
  }

  private String idle(TargetLauncher launcher, List<Object> results) throws InterruptedException {
    int attempts = subscribers != null ? subscribers : DEFAULT_IDLE_ATTEMPTS;
    var scenario = new IdleScenario(Path.of(System.getProperty("java.home"), "bin", "java"));
    var text = new StringBuilder();
    for (String name : targets) {
      Progress.log("idle capacity of %s: %d streams...", name, attempts);
      try (var target = launcher.start(name)) {
        var result = scenario.run(target, attempts);
        results.add(result);
        text.append(
            String.format(
                Locale.ROOT,
                "idle %-9s opened %6d of %6d (open-files limit %d): %.2f KB per idle stream,"
                    + " RSS %.1f MB%n",
                name,
                result.opened(),
                result.attempted(),
                result.openFilesLimit(),
                result.rssBytesPerIdleConnection() / 1024,
                result.rssOpenBytes() / 1048576.0));
      }
    }
    return text.toString();
  }

  private String storm(TargetLauncher launcher, List<Object> results) throws InterruptedException {
    var spec =
        override(
            FanOutSpec.c(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds)));
    var text = new StringBuilder();
    for (String name : targets) {
      Progress.log("reconnect storm against %s: %d streams...", name, spec.subscribers());
      try (var target = launcher.start(name)) {
        var result =
            new StormScenario(eventLoops).run(target, spec, Duration.ofMillis(jitterMillis));
        results.add(result);
        text.append(
            String.format(
                Locale.ROOT,
                "storm %-9s %d streams dropped, %s in %.1f s (jitter %d ms); lost %d, duplicated"
                    + " %d, reordered %d; RSS %.1f MB before, peak %.1f MB%n",
                name,
                result.subscribers(),
                result.allResumed() ? "all resumed" : "NOT all resumed",
                result.secondsUntilAllResumed(),
                result.reconnectJitterMillis(),
                result.lost(),
                result.duplicated(),
                result.reordered(),
                result.rssBeforeBytes() / 1048576.0,
                result.rssPeakBytes() / 1048576.0));
      }
    }
    return text.toString();
  }

  private FanOutSpec override(FanOutSpec spec) {
    return spec.scaled(
        subscribers != null ? subscribers : spec.subscribers(),
        topics != null ? topics : spec.topics(),
        rate != null ? rate : spec.rate());
  }
}
