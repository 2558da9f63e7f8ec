package dev.millrace.server.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Several server nodes behind nginx, started by {@code scripts/cluster} on fresh databases (one
 * MariaDB write model, one PostgreSQL read model) and a fresh NATS stream, all named after a random
 * suffix so runs never share state.
 */
final class Cluster implements AutoCloseable {

  static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
  static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

  final String name = "millrace_it_" + UUID.randomUUID().toString().substring(0, 8);
  final Path runDir;
  final int nodes;
  final int port;
  final int firstNodePort;
  private final Path repository;
  private final Thread stopOnExit = new Thread(this::downQuietly, "cluster-stop-on-exit");

  Cluster(Path repository, Path runDir, int nodes, int port) {
    this.repository = repository;
    this.runDir = runDir;
    this.nodes = nodes;
    this.port = port;
    this.firstNodePort = port + 1;
  }

  /** {@code folder}, created if needed, that only its owner may enter (mode 0700). */
  static Path privateFolder(Path folder) throws java.io.IOException {
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    return folder;
  }

  /**
   * Starts the databases and the nodes. From then on a shutdown hook stops the cluster if the JVM
   * ends before {@link #close()}: a test run that is killed leaves no node or nginx behind.
   */
  void up() throws Exception {
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    Files.createDirectories(runDir);
    sql(
        MARIADB + "test?sslMode=disable&user=root",
        "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    sql(POSTGRES + "test?user=postgres", "CREATE DATABASE " + name);
    var result = script(Duration.ofMinutes(5), "up", String.valueOf(nodes));
    if (result != 0) {
      throw new IllegalStateException(
          "scripts/cluster up failed with exit code " + result + ":\n" + Files.readString(log()));
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String nodeUrl(int node) {
    return "http://127.0.0.1:" + (firstNodePort + node - 1);
  }

  /** Kills a node without warning, as a crash would. */
  void kill(int node) throws Exception {
    var pid = Long.parseLong(Files.readString(runDir.resolve("node-" + node + "/pid")).trim());
    var process = ProcessHandle.of(pid).orElseThrow();
    new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor();
    process.onExit().get(20, TimeUnit.SECONDS);
  }

  /** Starts a node that was killed again, on its data folder; returns once it is healthy. */
  void restart(int node) throws Exception {
    var result = script(Duration.ofMinutes(2), "start-node", String.valueOf(node));
    if (result != 0) {
      throw new IllegalStateException(
          "scripts/cluster start-node " + node + " failed:\n" + Files.readString(log()));
    }
  }

  /** The end of nginx's error log, for the message of a failed request through it. */
  String nginxErrors() {
    var errors = runDir.resolve("nginx-error.log");
    try {
      var lines = Files.exists(errors) ? Files.readAllLines(errors) : List.<String>of();
      return lines.isEmpty()
          ? ""
          : "\nnginx error log:\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (java.io.IOException e) {
      return "\n(nginx error log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // already shutting down, or up() never ran: nothing to unregister
    }
    try {
      script(Duration.ofMinutes(1), "down");
    } finally {
      dropQuietly(MARIADB + "test?sslMode=disable&user=root", "DROP DATABASE IF EXISTS " + name);
      dropQuietly(
          POSTGRES + "test?user=postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      NatsStreams.deleteQuietly(natsPrefix());
    }
  }

  private void downQuietly() {
    try {
      script(Duration.ofSeconds(30), "down");
    } catch (Exception e) {
      System.err.println("cluster cleanup: scripts/cluster down failed: " + e);
    }
  }

  String natsPrefix() {
    return name.replace('_', '-');
  }

  private int script(Duration timeout, String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(repository.resolve("scripts/cluster").toString());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(repository.toFile());
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    builder.environment().putAll(environment());
    var process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("scripts/cluster " + String.join(" ", args) + " timed out");
    }
    return process.exitValue();
  }

  private Map<String, String> environment() {
    var env = new HashMap<String, String>();
    env.put("CLUSTER_RUN_DIR", runDir.toString());
    env.put("CLUSTER_PORT", String.valueOf(port));
    env.put("CLUSTER_NODE_PORT", String.valueOf(firstNodePort));
    env.put("MILLRACE_DB_URL", MARIADB + name + "?sslMode=disable");
    env.put("MILLRACE_DB_USER", "root");
    env.put("MILLRACE_DB_PASSWORD", "");
    env.put("MILLRACE_READ_MODEL_URL", POSTGRES + name + "?user=postgres");
    env.put("MILLRACE_NATS_URL", "nats://127.0.0.1:4222");
    env.put("MILLRACE_NATS_PREFIX", natsPrefix());
    env.put("MILLRACE_RUNNER_TOKEN", ClusterIT.RUNNER_TOKEN);
    env.put("MILLRACE_MOCK_RUNNER", "false");
    env.put("MILLRACE_HUB_PUBLISHER_JWT_KEY", ClusterIT.HUB_KEY);
    env.put("MILLRACE_HUB_ANONYMOUS", "true");
    env.put("MILLRACE_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    return env;
  }

  Path log() {
    return runDir.resolve("cluster-script.log");
  }

  private static void sql(String url, String statement) throws SQLException {
    try (var connection = DriverManager.getConnection(url);
        var st = connection.createStatement()) {
      st.execute(statement);
    }
  }

  private static void dropQuietly(String url, String statement) {
    try {
      sql(url, statement);
    } catch (SQLException e) {
      System.err.println("cluster cleanup: " + statement + " failed: " + e.getMessage());
    }
  }
}
