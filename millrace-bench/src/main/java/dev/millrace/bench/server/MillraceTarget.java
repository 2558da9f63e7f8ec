package dev.millrace.bench.server;

import dev.millrace.bench.load.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Millrace server jar run as its own JVM on a loopback port with a fresh data folder: {@code
 * GET /hub/<topic>} streams, {@code POST /hub/<topic>} publishes with a bearer token.
 */
public final class MillraceTarget implements Target {

  /** The JVM flags the benchmark runs the server with unless told otherwise. */
  public static final List<String> DEFAULT_JVM_FLAGS =
      List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC", "-Xss512k");

  private static final String TOKEN = "bench-token";

  private final String name;
  private final ServerProcess process;
  private final Endpoint endpoint;
  private final String settings;

  private MillraceTarget(String name, ServerProcess process, Endpoint endpoint, String settings) {
    this.name = name;
    this.process = process;
    this.endpoint = endpoint;
    this.settings = settings;
  }

  /** Starts {@code java <jvmFlags> -jar <jar> --port <port> --data-dir <workDir>/data}. */
  public static MillraceTarget start(
      Path java, Path jar, Path workDir, int port, List<String> jvmFlags) {
    List<String> arguments = ServerJar.arguments(jar, workDir, port);
    return launch("millrace", java, jvmFlags, arguments, workDir, port);
  }

  /**
   * Starts {@link HubHost} (the hub alone, without the apps) from the bench's own class path:
   * target name {@code hub}.
   */
  public static MillraceTarget startHubOnly(
      Path java, Path workDir, int port, List<String> jvmFlags) {
    ServerJar.createWorkDir(workDir);
    List<String> arguments =
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            HubHost.class.getName(),
            Integer.toString(port));
    return launch("hub", java, jvmFlags, arguments, workDir, port);
  }

  private static MillraceTarget launch(
      String name,
      Path java,
      List<String> jvmFlags,
      List<String> arguments,
      Path workDir,
      int port) {
    var address = new InetSocketAddress("127.0.0.1", port);
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmFlags);
    command.addAll(arguments);
    var process =
        ServerProcess.start(
            command, Map.of("MILLRACE_HUB_TOKEN", TOKEN), workDir.resolve("server.log"));
    process.awaitPort(address, Duration.ofSeconds(60));
    var endpoint =
        new Endpoint(address, "/hub/%s", "/hub/%s", Map.of("Authorization", "Bearer " + TOKEN));
    String main = name.equals("hub") ? HubHost.class.getSimpleName() : "-jar millrace-server.jar";
    return new MillraceTarget(
        name, process, endpoint, "java " + String.join(" ", jvmFlags) + " " + main);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String settings() {
    return settings;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.stop();
  }
}
