package dev.millrace.bench.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Millrace server jar with its apps (feeds, build logs), run as its own JVM on a loopback port
 * with a fresh data folder, without the mock build runner and with a known runner token.
 */
public final class AppServerTarget implements AutoCloseable {

  /** The bearer token build runners send. */
  public static final String RUNNER_TOKEN = "bench-runner-token";

  private final ServerProcess process;
  private final URI base;
  private final String settings;

  private AppServerTarget(ServerProcess process, URI base, String settings) {
    this.process = process;
    this.base = base;
    this.settings = settings;
  }

  /** Starts {@code java <jvmFlags> -jar <jar> --no-mock-runner} on {@code port}. */
  public static AppServerTarget start(
      Path java, Path jar, Path workDir, int port, List<String> jvmFlags) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmFlags);
    command.addAll(ServerJar.arguments(jar, workDir, port));
    command.add("--no-mock-runner");
    var process =
        ServerProcess.start(
            command, Map.of("MILLRACE_RUNNER_TOKEN", RUNNER_TOKEN), workDir.resolve("server.log"));
    process.awaitPort(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(90));
    return new AppServerTarget(
        process,
        URI.create("http://127.0.0.1:" + port),
        "java " + String.join(" ", jvmFlags) + " -jar millrace-server.jar --no-mock-runner");
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return base;
  }

  public String settings() {
    return settings;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.stop();
  }
}
