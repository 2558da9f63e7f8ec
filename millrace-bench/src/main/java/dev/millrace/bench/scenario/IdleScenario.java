package dev.millrace.bench.scenario;

import dev.millrace.bench.load.OpenWorker;
import dev.millrace.bench.server.ProcessSampler;
import dev.millrace.bench.server.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle capacity: as many streams on one topic as one server process holds, opened by several {@link
 * OpenWorker} processes (each stays under the per-process open-files limit), then the server's
 * memory per open stream.
 */
public final class IdleScenario {

  /** Streams per worker process: under the 20,000 open files a process may hold here. */
  public static final int PER_WORKER = 10_000;

  private final Path java;

  public IdleScenario(Path java) {
    this.java = java;
  }

  public IdleResult run(Target target, int attempts) throws InterruptedException {
    var server = new ProcessSampler(target.pid());
    Thread.sleep(FanOutScenario.DEFAULT_SETTLE.toMillis());
    long baseline = server.sample().rssBytes();
    var endpoint = target.endpoint().withTopicPrefix("idle" + System.currentTimeMillis() % 100_000);
    List<Process> workers = new ArrayList<>();
    int opened = 0;
    int failed = 0;
    try {
      for (int first = 0; first < attempts; first += PER_WORKER) {
        workers.add(
            startWorker(
                endpoint.address().getHostString(),
                endpoint.address().getPort(),
                endpoint.subscribePath(0),
                Math.min(PER_WORKER, attempts - first),
                first));
      }
      for (var worker : workers) {
        String line =
            new BufferedReader(
                    new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null || !line.startsWith("opened ")) {
          throw new IllegalStateException("load worker ended without a result: " + line);
        }
        String[] words = line.split(" ");
        opened += Integer.parseInt(words[1]);
        failed += Integer.parseInt(words[3]);
      }
      Progress.log("%s: %d of %d streams open", target.name(), opened, attempts);
      Thread.sleep(FanOutScenario.DEFAULT_SETTLE.toMillis());
      long open = server.sample().rssBytes();
      return new IdleResult(
          "idle",
          target.name(),
          target.settings(),
          attempts,
          opened,
          failed,
          openFilesLimit(target.pid()),
          baseline,
          open,
          opened == 0 ? 0 : (open - baseline) / (double) opened,
          ProcessSampler.loadAverage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a load worker", e);
    } finally {
      for (var worker : workers) {
        try {
          worker.getOutputStream().close();
        } catch (IOException ignored) {
          // the worker exits when its input closes, or is killed below
        }
      }
      for (var worker : workers) {
        worker.destroy();
        worker.waitFor();
      }
    }
  }

  private Process startWorker(String host, int port, String path, int count, int first) {
    var command =
        List.of(
            java.toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            OpenWorker.class.getName(),
            host,
            Integer.toString(port),
            path,
            Integer.toString(count),
            Integer.toString(first));
    try {
      return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a load worker", e);
    }
  }

  private static long openFilesLimit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
