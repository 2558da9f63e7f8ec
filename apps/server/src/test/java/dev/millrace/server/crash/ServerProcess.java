package dev.millrace.server.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shaded server jar running in its own JVM on the embedded default, killable with SIGKILL. */
public final class ServerProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/millrace-server.jar");

  private final Process process;
  private final int port;
  private final String nodeId;

  private ServerProcess(Process process, int port, String nodeId) {
    this.process = process;
    this.port = port;
    this.nodeId = nodeId;
  }

  /**
   * Starts the jar on {@code port} with its data in {@code dataDir}; returns once it is healthy.
   */
  static ServerProcess start(Path dataDir, int port, Path log, Duration patience) throws Exception {
    return start(dataDir, port, log, patience, Map.of());
  }

  /**
   * As {@link #start(Path, int, Path, Duration)}, with {@code environment} (e.g. the hub's key).
   */
  static ServerProcess start(
      Path dataDir, int port, Path log, Duration patience, Map<String, String> environment)
      throws Exception {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          "no server jar at " + JAR.toAbsolutePath() + ": package first");
    }
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var nodeId = "crash-" + Long.toHexString(System.nanoTime());
    var builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    JAR.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir.toString(),
                    "--mock-runner=false",
                    "--node-id",
                    nodeId))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("MILLRACE_"));
    builder.environment().putAll(environment);
    var server = new ServerProcess(builder.start(), port, nodeId);
    try {
      server.awaitHealthy(patience);
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private void awaitHealthy(Duration patience) throws Exception {
    HealthWait.until200(
        uri("/healthz"),
        process,
        patience,
        answer -> {
          var node = answer.headers().firstValue("X-Millrace-Node").orElse("");
          if (!node.equals(nodeId)) {
            throw new IllegalStateException(
                "port " + port + " is answered by another process (node '" + node + "')");
          }
        });
  }

  /** SIGKILL: no shutdown hook, no flush, as a crash would. Waits until the process is gone. */
  void kill() throws Exception {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server did not die");
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      kill();
    }
  }

  /**
   * A free port below the kernel's ephemeral range (32768 and up on Linux), so that no client
   * socket or port-0 server of another process can take it while the server is down between a kill
   * and its restart.
   */
  public static int freePort() throws IOException {
    var random = new java.util.SplittableRandom();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + random.nextInt(10_000);
      try (var socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in 20000-29999");
  }
}
