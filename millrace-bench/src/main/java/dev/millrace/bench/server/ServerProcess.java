package dev.millrace.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server started as a child process, its output in a log file; stopped by its own pid. */
final class ServerProcess {

  private final Process process;
  private final Path log;

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ServerProcess start(List<String> command, Map<String, String> env, Path log) {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return new ServerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new TargetFailedException("cannot start " + command.getFirst(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Waits until the port accepts a connection; fails if the process exits first. */
  void awaitPort(InetSocketAddress address, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new TargetFailedException(
            "server exited with " + process.exitValue() + " before listening; see " + log, null);
      }
      try (var socket = new Socket()) {
        socket.connect(address, 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    stop();
    throw new TargetFailedException("server did not listen on " + address + " in " + timeout, null);
  }

  /** SIGTERM, then SIGKILL after 15 seconds. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetFailedException("interrupted while waiting for the server", e);
    }
  }
}
