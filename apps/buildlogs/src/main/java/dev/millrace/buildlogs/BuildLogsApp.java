package dev.millrace.buildlogs;

import dev.millrace.buildlogs.auth.Access;
import dev.millrace.buildlogs.auth.RateLimit;
import dev.millrace.buildlogs.auth.SessionApi;
import dev.millrace.buildlogs.auth.SessionStore;
import dev.millrace.buildlogs.auth.TokenSigner;
import dev.millrace.buildlogs.builds.BuildService;
import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.BuildsApi;
import dev.millrace.buildlogs.builds.RepoAccess;
import dev.millrace.buildlogs.builds.RepoStore;
import dev.millrace.buildlogs.db.Schema;
import dev.millrace.buildlogs.db.Sql;
import dev.millrace.buildlogs.events.BuildEvents;
import dev.millrace.buildlogs.ingest.LogService;
import dev.millrace.buildlogs.ingest.LogStore;
import dev.millrace.buildlogs.ingest.LogsApi;
import dev.millrace.buildlogs.lifecycle.LifecycleStore;
import dev.millrace.buildlogs.lifecycle.StepTimeouts;
import dev.millrace.buildlogs.mock.DemoApi;
import dev.millrace.buildlogs.mock.MockBuild;
import dev.millrace.buildlogs.mock.MockRunner;
import dev.millrace.buildlogs.stream.BuildStream;
import dev.millrace.buildlogs.stream.LiveStream;
import dev.millrace.buildlogs.stream.LogStream;
import dev.millrace.buildlogs.stream.RecentBuildsStream;
import dev.millrace.buildlogs.ui.Ui;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Responses;
import dev.millrace.core.deadletter.Replayer;
import dev.millrace.jdbc.JdbcDeadLetterStore;
import dev.millrace.jdbc.JdbcOutbox;
import dev.millrace.jdbc.OutboxOptions;
import dev.millrace.jdbc.OutboxRelay;
import dev.millrace.sse.SseRouter;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live build-log app: runner API, log storage, resumable log streams and the UI.
 *
 * <pre>{@code
 * BuildLogsApp app = BuildLogsApp.start(settings);  // migrates the schema; blocking
 * app.mount(router);   // /api/v1/…, /api/demo/…, UI under /builds/
 * …
 * app.close();
 * }</pre>
 *
 * <p>The host mounts {@code /webjars/*} (Vue, Bootstrap) and owns Vert.x, the pub/sub and the data
 * source. Blocking JDBC runs on Vert.x worker threads or virtual threads, never on an event loop.
 * {@link #close()} stops the mock builds and closes every stream; idempotent.
 */
public final class BuildLogsApp implements AutoCloseable {

  public static final String API = "/api/v1";
  public static final String DEMO_API = "/api/demo";
  public static final String UI = "/builds";

  /** The outbox table of the app, in the write model's database. */
  public static final String OUTBOX_TABLE = "buildlogs_outbox";

  /** Largest request body: a batch of log lines (runners should send about 1 MiB). */
  public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  /** Largest body of the routes open to anyone (sign-in, demo builds). */
  public static final long MAX_SMALL_BODY_BYTES = 16L * 1024;

  static final long MOCK_INTERVAL_MS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(BuildLogsApp.class);

  private final BuildLogsSettings settings;
  private final SseRouter sse;
  private final Access access;
  private final RepoAccess repoAccess;
  private final BuildStore builds;
  private final LogStore logs;
  private final BuildService buildService;
  private final LogService logService;
  private final MockRunner mock;
  private final StepTimeouts timeouts;
  private final OutboxRelay relay;
  private final Replayer deadLetterReplayer;
  private volatile long mockTimer = -1;
  private volatile long sweepTimer = -1;

  private BuildLogsApp(BuildLogsSettings settings) {
    this.settings = settings;
    var sql = new Sql(settings.dataSource());
    var repos = new RepoStore(sql);
    var outbox =
        JdbcOutbox.create(
            settings.dataSource(),
            OutboxOptions.defaults()
                .withTable(OUTBOX_TABLE)
                .withMeterRegistry(settings.meterRegistry())
                .withDeadLetters(JdbcDeadLetterStore.create(settings.dataSource()).ensureTable()));
    outbox.ensureTable();
    this.deadLetterReplayer = outbox.replayer();
    var events = new BuildEvents(settings.publisher(), outbox, settings.nodeId());
    this.builds = new BuildStore(sql, events);
    this.logs = new LogStore(sql);
    var clock = Clock.systemUTC();
    this.access =
        new Access(
            settings.runnerToken(),
            settings.viewerToken(),
            new TokenSigner(settings.signingKey(), clock),
            new SessionStore(sql, clock),
            clock);
    this.repoAccess = new RepoAccess(repos, access);
    this.buildService = new BuildService(repos, builds);
    this.logService =
        new LogService(builds, logs, events, settings.stepLogCapBytes(), settings.meterRegistry());
    var lifecycle = new LifecycleStore(sql);
    this.mock = new MockRunner(repos, buildService, logService, lifecycle, settings.nodeId());
    this.timeouts = new StepTimeouts(builds, lifecycle, logService, settings.stepTimeout());
    this.sse = SseRouter.create(settings.vertx(), settings.subscriber(), settings.meterRegistry());
    this.relay = outbox.startRelay(settings.publisher());
  }

  /**
   * Replays the events the outbox relay set aside (the broker refused them) in table {@link
   * JdbcDeadLetterStore#DEFAULT_TABLE} of the app's database; register it with the host's {@link
   * dev.millrace.core.deadletter.DeadLetters}.
   */
  public Replayer deadLetterReplayer() {
    return deadLetterReplayer;
  }

  /** Migrates the schema and starts the app (and the mock builds if asked). Blocking. */
  public static BuildLogsApp start(BuildLogsSettings settings) {
    Schema.migrate(settings.dataSource());
    var app = new BuildLogsApp(settings);
    if (settings.mockRunner()) {
      int closed = app.timeouts.closeAbandonedMockSteps(settings.nodeId());
      if (closed > 0) {
        log.info("closed {} steps of mock builds left unfinished on {}", closed, settings.nodeId());
      }
      app.startMockBuilds();
    }
    app.startSweeping();
    log.info("build logs started: {}", settings);
    return app;
  }

  /**
   * Mounts the API, the streams and the UI on the host's router. Runner routes check the runner
   * token before their body is read; sign-in and stream tokens are rate limited per client before
   * anything else; the demo API exists only while the mock runner is on.
   */
  public void mount(Router router) {
    for (var prefix : new String[] {API + "/repos*", API + "/viewer-session", DEMO_API + "/*"}) {
      router.route(prefix).failureHandler(ctx -> Responses.fail(ctx, ctx.failure()));
    }
    router.route(API + "/builds*").failureHandler(ctx -> Responses.fail(ctx, ctx.failure()));

    var runnerBody = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    var repo = API + "/repos/:org/:repo";
    var runnerRoutes =
        new Object[][] {
          {HttpMethod.PUT, repo},
          {HttpMethod.POST, repo + "/builds"},
          {HttpMethod.PATCH, repo + "/builds/:build/steps/:step"},
          {HttpMethod.POST, repo + "/builds/:build/steps/:step/logs"},
        };
    for (var route : runnerRoutes) {
      router.route((HttpMethod) route[0], (String) route[1]).handler(this::requireRunner);
      router.route((HttpMethod) route[0], (String) route[1]).handler(runnerBody);
    }
    var clock = Clock.systemUTC();
    router.post(API + "/viewer-session").handler(rateLimit("sign-in attempts", clock));
    router
        .post(API + "/viewer-session")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_SMALL_BODY_BYTES));
    router.post(repo + "/stream-token").handler(rateLimit("stream-token requests", clock));

    var topic = BuildEvents.TOPIC;
    var steps = API + "/repos/:org/:repo/builds/:build";
    router
        .get(steps + "/steps/:step/logs/events")
        .handler(sse.handler(topic, new LogStream(repoAccess, builds, logs)));
    router.get(steps + "/events").handler(sse.handler(topic, new BuildStream(repoAccess, builds)));
    router
        .get(API + "/builds/events")
        .handler(sse.handler(topic, new RecentBuildsStream(access, builds)));
    router
        .get(API + "/live")
        .handler(sse.handler(topic, new LiveStream(access, repoAccess, builds, logs)));

    new BuildsApi(repoAccess, builds, buildService).mount(router, API);
    new LogsApi(repoAccess, builds, logs, logService).mount(router, API);
    new SessionApi(access).mount(router, API);
    if (settings.mockRunner()) {
      router
          .post(DEMO_API + "/*")
          .handler(BodyHandler.create(false).setBodyLimit(MAX_SMALL_BODY_BYTES));
      new DemoApi(mock).mount(router, DEMO_API);
    }
    Ui.mount(router, UI);
  }

  private RateLimit rateLimit(String what, Clock clock) {
    return new RateLimit(
        what,
        RateLimit.DEFAULT_PER_MINUTE,
        RateLimit.DEFAULT_MAX_CLIENTS,
        settings.trustProxy(),
        clock);
  }

  /**
   * Refuses a runner request without the runner token before its body is read; on HTTP/1 the
   * connection is closed after the answer, so the unread body is never taken in.
   */
  private void requireRunner(RoutingContext ctx) {
    try {
      access.requireRunner(ctx);
    } catch (ApiException refused) {
      var request = ctx.request();
      if (request.version() != HttpVersion.HTTP_2 && !request.isEnded()) {
        ctx.response().putHeader("Connection", "close");
        ctx.response().endHandler(v -> request.connection().close());
      }
      Responses.fail(ctx, refused);
      return;
    }
    ctx.next();
  }

  /** The mock runner (also behind {@code POST /api/demo/builds} while it is on). */
  public MockRunner mockRunner() {
    return mock;
  }

  /** Ends running steps that no runner has spoken about for the step timeout. */
  public StepTimeouts stepTimeouts() {
    return timeouts;
  }

  private void startSweeping() {
    sweepTimer =
        settings
            .vertx()
            .setPeriodic(
                timeouts.sweepInterval().toMillis(),
                id ->
                    settings
                        .vertx()
                        .executeBlocking(() -> timeouts.sweep(System.currentTimeMillis()), false)
                        .onFailure(e -> log.warn("step timeout sweep failed", e)));
  }

  private void startMockBuilds() {
    Runnable startOne =
        () ->
            settings
                .vertx()
                .executeBlocking(
                    () -> mock.running() == 0 ? mock.start(MockBuild.defaults()) : null, false)
                .onFailure(e -> log.warn("could not start a mock build", e));
    startOne.run();
    mockTimer = settings.vertx().setPeriodic(MOCK_INTERVAL_MS, id -> startOne.run());
  }

  @Override
  public void close() {
    if (mockTimer >= 0) {
      settings.vertx().cancelTimer(mockTimer);
    }
    if (sweepTimer >= 0) {
      settings.vertx().cancelTimer(sweepTimer);
    }
    mock.close();
    try {
      sse.drain().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("build-log streams did not drain on {}", settings.nodeId(), e);
    }
    sse.close();
    try {
      relay.close();
    } catch (Exception e) {
      log.warn("build-log outbox relay did not stop cleanly on {}", settings.nodeId(), e);
    }
    log.info("build logs stopped on {}", settings.nodeId());
  }
}
