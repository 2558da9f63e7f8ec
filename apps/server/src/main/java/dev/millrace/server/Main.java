package dev.millrace.server;

import dev.millrace.hub.HistoryLimits;
import dev.millrace.hub.HubOptions;
import dev.millrace.hub.JwtAlgorithm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point: every flag also reads a {@code MILLRACE_*} environment variable. */
@Command(
    name = "millrace-server",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Serves the Millrace feeds and build-log apps over HTTP and Server-Sent Events.",
    subcommands = {DeadLettersCommand.class, HealthCommand.class})
public final class Main implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "${env:MILLRACE_HOST:-" + ServerConfig.DEFAULT_HOST + "}",
      description = "Address to listen on (MILLRACE_HOST, default ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--port",
      defaultValue = "${env:MILLRACE_PORT:-" + ServerConfig.DEFAULT_PORT + "}",
      description = "HTTP port (MILLRACE_PORT, default ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--public-url",
      defaultValue = "${env:MILLRACE_PUBLIC_URL}",
      description =
          "The URL clients reach the server at, e.g. https://feeds.example.com: the feeds' hub"
              + " topics and Link headers name resources under it; the same on every node"
              + " (MILLRACE_PUBLIC_URL; default: http://localhost:<port>).")
  private String publicUrl;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:MILLRACE_DATA_DIR:-data}",
      description =
          "Folder of the embedded databases (MILLRACE_DATA_DIR, default ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = "--db-url",
      defaultValue = "${env:MILLRACE_DB_URL}",
      description = "JDBC URL of the write model (MILLRACE_DB_URL; default: H2 in the data dir).")
  private String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:MILLRACE_DB_USER}",
      description = "Write model database user (MILLRACE_DB_USER).")
  private String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "${env:MILLRACE_DB_PASSWORD}",
      description = "Write model database password (MILLRACE_DB_PASSWORD).")
  private String dbPassword;

  @Option(
      names = "--read-model-url",
      defaultValue = "${env:MILLRACE_READ_MODEL_URL:-embedded}",
      description =
          "Feeds read model: 'embedded', a jdbc: URL or a mongodb:// URL"
              + " (MILLRACE_READ_MODEL_URL, default ${DEFAULT-VALUE}).")
  private String readModelUrl;

  @Option(
      names = "--nats-url",
      defaultValue = "${env:MILLRACE_NATS_URL}",
      description = "NATS JetStream URL (MILLRACE_NATS_URL; default: a SQL pub/sub).")
  private String natsUrl;

  @Option(
      names = "--nats-prefix",
      defaultValue = "${env:MILLRACE_NATS_PREFIX:-" + MessagingConfig.DEFAULT_NATS_PREFIX + "}",
      description =
          "NATS subject prefix and stream name shared by the nodes of one deployment"
              + " (MILLRACE_NATS_PREFIX, default ${DEFAULT-VALUE}).")
  private String natsPrefix;

  @Option(
      names = "--node-id",
      defaultValue = "${env:MILLRACE_NODE_ID}",
      description = "This node's unique name (MILLRACE_NODE_ID; default: random).")
  private String nodeId;

  @Option(
      names = "--hub-publisher-jwt-key",
      defaultValue = "${env:MILLRACE_HUB_PUBLISHER_JWT_KEY}",
      description =
          "Key that verifies the Mercure hub's publisher JWTs: an HS256 secret (32 bytes or more),"
              + " or a PEM public key (text or file) for --hub-jwt-algorithm"
              + " (MILLRACE_HUB_PUBLISHER_JWT_KEY; default: publishing off).")
  private String hubPublisherKey;

  @Option(
      names = "--hub-subscriber-jwt-key",
      defaultValue = "${env:MILLRACE_HUB_SUBSCRIBER_JWT_KEY}",
      description =
          "Key that verifies subscriber JWTs (MILLRACE_HUB_SUBSCRIBER_JWT_KEY; default: the"
              + " publisher key).")
  private String hubSubscriberKey;

  @Option(
      names = "--hub-jwt-algorithm",
      defaultValue = "${env:MILLRACE_HUB_JWT_ALGORITHM:-HS256}",
      description = "HS256, RS256 or ES256 (MILLRACE_HUB_JWT_ALGORITHM, default ${DEFAULT-VALUE}).")
  private String hubAlgorithm;

  @Option(
      names = "--hub-anonymous",
      negatable = true,
      defaultValue = "${env:MILLRACE_HUB_ANONYMOUS:-false}",
      fallbackValue = "true",
      description =
          "Let subscribers without a JWT receive public updates (MILLRACE_HUB_ANONYMOUS, default"
              + " ${DEFAULT-VALUE}).")
  private boolean hubAnonymous;

  @Option(
      names = "--hub-cors-origins",
      defaultValue = "${env:MILLRACE_HUB_CORS_ORIGINS}",
      description =
          "Comma-separated origins whose pages may subscribe with credentials"
              + " (MILLRACE_HUB_CORS_ORIGINS; default: none).")
  private String hubCorsOrigins;

  @Option(
      names = "--hub-history",
      defaultValue = "${env:MILLRACE_HUB_HISTORY:-100000,24h}",
      description =
          "History kept for resuming subscribers: a count and/or an age"
              + " (MILLRACE_HUB_HISTORY, default ${DEFAULT-VALUE}).")
  private String hubHistory;

  @Option(
      names = "--hub-subscriptions",
      negatable = true,
      defaultValue = "${env:MILLRACE_HUB_SUBSCRIPTIONS:-false}",
      fallbackValue = "true",
      description =
          "Publish subscription events and serve the subscription API"
              + " (MILLRACE_HUB_SUBSCRIPTIONS, default ${DEFAULT-VALUE}).")
  private boolean hubSubscriptions;

  @Option(
      names = "--runner-token",
      defaultValue = "${env:MILLRACE_RUNNER_TOKEN}",
      description =
          "Bearer token of build runners (MILLRACE_RUNNER_TOKEN; default: random, internal).")
  private String runnerToken;

  @Option(
      names = "--viewer-token",
      defaultValue = "${env:MILLRACE_VIEWER_TOKEN}",
      description =
          "Sign-in token for private repositories (MILLRACE_VIEWER_TOKEN; default: none).")
  private String viewerToken;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:MILLRACE_ADMIN_TOKEN}",
      description =
          "Bearer token of the admin API, /admin/dead-letters (MILLRACE_ADMIN_TOKEN; default:"
              + " admin API off).")
  private String adminToken;

  @Option(
      names = "--signing-key",
      defaultValue = "${env:MILLRACE_SIGNING_KEY}",
      description =
          "Key that signs viewer sessions and stream tokens, hex or base64, at least 32 bytes;"
              + " every node of a cluster needs the same (MILLRACE_SIGNING_KEY; default:"
              + " generated once in <data-dir>/signing.key).")
  private String signingKey;

  @Option(
      names = "--trust-proxy",
      negatable = true,
      defaultValue = "${env:MILLRACE_TRUST_PROXY:-false}",
      fallbackValue = "true",
      description =
          "Take the client address for rate limits from the last X-Forwarded-For hop, as set by"
              + " a trusted reverse proxy (MILLRACE_TRUST_PROXY, default ${DEFAULT-VALUE}).")
  private boolean trustProxy;

  @Option(
      names = "--mock-runner",
      negatable = true,
      defaultValue = "${env:MILLRACE_MOCK_RUNNER:-true}",
      fallbackValue = "true",
      description =
          "Run mock builds in the build-log demo (MILLRACE_MOCK_RUNNER, default ${DEFAULT-VALUE}).")
  private boolean mockRunner;

  @Option(
      names = "--step-log-cap",
      defaultValue = "${env:MILLRACE_STEP_LOG_CAP:-16777216}",
      description =
          "Most log bytes stored per build step (MILLRACE_STEP_LOG_CAP, default ${DEFAULT-VALUE}).")
  private long stepLogCap;

  @Option(
      names = "--step-timeout",
      defaultValue = "${env:MILLRACE_STEP_TIMEOUT:-10m}",
      converter = DurationConverter.class,
      description =
          "A running build step that hears from no runner this long fails as timed out, e.g. 90s,"
              + " 10m, 2h (MILLRACE_STEP_TIMEOUT, default ${DEFAULT-VALUE}).")
  private java.time.Duration stepTimeout;

  @Option(
      names = "--transport",
      defaultValue = "${env:MILLRACE_TRANSPORT:-auto}",
      description =
          "Socket transport: auto (io_uring on Linux where the kernel allows it, else epoll, else"
              + " NIO), epoll, io_uring or nio (MILLRACE_TRANSPORT, default ${DEFAULT-VALUE}).")
  private String transport;

  public static void main(String[] args) {
    System.exit(commandLine(new Main()).execute(args));
  }

  /** The command line of {@code main}: a failure to start is one line on stderr, exit code 1. */
  static CommandLine commandLine(Main main) {
    var commandLine = new CommandLine(main);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr().println("millrace: " + StartupFailure.describe(exception));
          return 1;
        });
    return commandLine;
  }

  ServerConfig config() {
    return new ServerConfig(
        host,
        port,
        publicUrl,
        new StorageConfig(dataDir, dbUrl, dbUser, dbPassword, readModelUrl),
        new MessagingConfig(
            natsUrl, natsPrefix, nodeId == null ? MessagingConfig.randomNodeId() : nodeId),
        new AccessConfig(runnerToken, viewerToken, adminToken, signingKey, trustProxy),
        hubOptions(),
        mockRunner,
        stepLogCap,
        stepTimeout,
        transport);
  }

  private HubOptions hubOptions() {
    List<String> origins =
        hubCorsOrigins == null || hubCorsOrigins.isBlank()
            ? List.of()
            : Arrays.stream(hubCorsOrigins.split(",")).map(String::strip).toList();
    return HubOptions.DEFAULTS
        .withPublisherJwtKey(hubPublisherKey)
        .withSubscriberJwtKey(hubSubscriberKey)
        .withAlgorithm(JwtAlgorithm.parse(hubAlgorithm))
        .withAnonymous(hubAnonymous)
        .withCorsOrigins(origins)
        .withHistory(HistoryLimits.parse(hubHistory))
        .withSubscriptions(hubSubscriptions);
  }

  @Override
  public Integer call() throws Exception {
    var server = MillraceServer.start(config());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "millrace-shutdown"));
    System.out.println("Millrace is ready at http://localhost:" + server.port() + "/");
    stopped.await();
    return 0;
  }
}
