package dev.millrace.bench.server;

import dev.millrace.bench.load.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Millrace server jar run as its own JVM on a loopback port with a fresh data folder: its
 * Mercure hub, {@code GET /.well-known/mercure?topic=<topic>} streams (anonymous subscribers
 * allowed), {@code POST /.well-known/mercure} publishes with a publisher JWT.
 */
public final class MillraceTarget implements Target {

  /** The HS256 key the target verifies the bench's publisher JWT with. */
  static final String KEY = "bench-hub-key-0123456789abcdef-0123456789";

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

  /** Starts {@code scripts/run-server --port <port> --data-dir <workDir>/data}. */
  public static MillraceTarget start(ServerLaunch launch, Path jar, Path workDir, int port) {
    List<String> command = launch.serverJar(ServerJar.arguments(jar, workDir, port));
    var env = new HashMap<>(launch.serverJarEnvironment(jar));
    return launch("millrace", launch, command, env, workDir, port);
  }

  /**
   * Starts {@link HubHost} (the hub alone, without the apps) from the bench's own class path:
   * target name {@code hub}.
   */
  public static MillraceTarget startHubOnly(ServerLaunch launch, Path workDir, int port) {
    ServerJar.createWorkDir(workDir);
    List<String> command = launch.benchClass(HubHost.class, List.of(Integer.toString(port)));
    return launch("hub", launch, command, new HashMap<>(), workDir, port);
  }

  private static MillraceTarget launch(
      String name,
      ServerLaunch launch,
      List<String> command,
      Map<String, String> env,
      Path workDir,
      int port) {
    var address = new InetSocketAddress("127.0.0.1", port);
    env.put("MILLRACE_HUB_PUBLISHER_JWT_KEY", KEY);
    env.put("MILLRACE_HUB_ANONYMOUS", "true");
    var process = ServerProcess.start(command, env, workDir.resolve("server.log"));
    process.awaitPort(address, Duration.ofSeconds(60));
    var endpoint =
        Endpoint.mercure(
            address,
            "/.well-known/mercure",
            Map.of("Authorization", "Bearer " + BenchJwt.publisher(KEY)));
    return new MillraceTarget(name, process, endpoint, launch.commandLine(process.pid()));
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
