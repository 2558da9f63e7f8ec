package dev.millrace.bench.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server of the apps run as its own JVM on a loopback port with a fresh data folder: the Millrace
 * server jar (feeds and build logs, without the mock build runner and with a known runner token),
 * or {@link FeedsHost} (the feeds app alone, rendering once or per connection).
 */
public final class AppServerTarget implements AutoCloseable {

  /** The bearer token build runners send. */
  public static final String RUNNER_TOKEN = "bench-runner-token";

  /** The server jar. */
  public static final String MILLRACE = "millrace";

  /** {@link FeedsHost} rendering once per key per update, as the server jar does. */
  public static final String FEEDS_ONCE = "feeds-once";

  /** {@link FeedsHost} rendering once per connection. */
  public static final String FEEDS_PER_CONNECTION = "feeds-per-connection";

  private final String name;
  private final ServerProcess process;
  private final URI base;
  private final String settings;

  private AppServerTarget(String name, ServerProcess process, URI base, String settings) {
    this.name = name;
    this.process = process;
    this.base = base;
    this.settings = settings;
  }

  /** Whether {@code name} is a target this class starts. */
  public static boolean isAppTarget(String name) {
    return List.of(MILLRACE, FEEDS_ONCE, FEEDS_PER_CONNECTION).contains(name);
  }

  /**
   * Starts the target called {@code name}: {@link #MILLRACE}, {@link #FEEDS_ONCE} or {@link
   * #FEEDS_PER_CONNECTION}.
   */
  public static AppServerTarget start(
      String name, ServerLaunch launch, Path jar, Path workDir, int port) {
    return switch (name) {
      case MILLRACE -> start(launch, jar, workDir, port);
      case FEEDS_ONCE -> startFeedsHost(launch, workDir, port, FeedsHost.Rendering.ONCE);
      case FEEDS_PER_CONNECTION ->
          startFeedsHost(launch, workDir, port, FeedsHost.Rendering.PER_CONNECTION);
      default -> throw new IllegalArgumentException("unknown app target " + name);
    };
  }

  /** Starts {@code scripts/run-server --no-mock-runner} on {@code port}. */
  public static AppServerTarget start(ServerLaunch launch, Path jar, Path workDir, int port) {
    List<String> arguments = new ArrayList<>(ServerJar.arguments(jar, workDir, port));
    arguments.add("--no-mock-runner");
    return launch(
        MILLRACE,
        launch,
        launch.serverJar(arguments),
        new HashMap<>(launch.serverJarEnvironment(jar)),
        workDir,
        port);
  }

  /**
   * Starts {@link FeedsHost} from the bench's own class path on {@code port}, its data under {@code
   * workDir}.
   */
  public static AppServerTarget startFeedsHost(
      ServerLaunch launch, Path workDir, int port, FeedsHost.Rendering rendering) {
    ServerJar.createWorkDir(workDir);
    List<String> arguments =
        List.of(
            Integer.toString(port),
            workDir.resolve("data").toString(),
            "--render",
            rendering.flag());
    String name = rendering == FeedsHost.Rendering.ONCE ? FEEDS_ONCE : FEEDS_PER_CONNECTION;
    return launch(
        name,
        launch,
        launch.benchClass(FeedsHost.class, arguments),
        new HashMap<>(),
        workDir,
        port);
  }

  private static AppServerTarget launch(
      String name,
      ServerLaunch launch,
      List<String> command,
      Map<String, String> env,
      Path workDir,
      int port) {
    env.put("MILLRACE_RUNNER_TOKEN", RUNNER_TOKEN);
    var process = ServerProcess.start(command, env, workDir.resolve("server.log"));
    process.awaitPort(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(90));
    return new AppServerTarget(
        name, process, URI.create("http://127.0.0.1:" + port), launch.commandLine(process.pid()));
  }

  /** {@link #MILLRACE}, {@link #FEEDS_ONCE} or {@link #FEEDS_PER_CONNECTION}. */
  public String name() {
    return name;
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
