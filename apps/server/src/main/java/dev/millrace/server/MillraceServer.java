package dev.millrace.server;

import dev.millrace.feeds.hub.HubSettings;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.hub.MercureHub;
import dev.millrace.sse.SseServerOptions;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: one Vert.x instance, one HTTP listener, the apps mounted on one router. */
public final class MillraceServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MillraceServer.class);

  private final Vertx vertx;
  private final HttpServer http;
  private final PrometheusMeterRegistry metrics;
  private final MercureHub hub;
  private final Deque<AutoCloseable> closeables;

  private MillraceServer(
      Vertx vertx,
      HttpServer http,
      PrometheusMeterRegistry metrics,
      MercureHub hub,
      Deque<AutoCloseable> closeables) {
    this.vertx = vertx;
    this.http = http;
    this.metrics = metrics;
    this.hub = hub;
    this.closeables = closeables;
  }

  /** Starts the server and returns once it accepts connections. */
  public static MillraceServer start(ServerConfig config) {
    return start(config, UnaryOperator.identity());
  }

  /** {@link #start(ServerConfig)} with the feeds read model wrapped, for tests. */
  static MillraceServer start(ServerConfig config, UnaryOperator<FeedReadModel> readModels) {
    var transport = SseServerOptions.transport(config.transport());
    createDataDir(config);
    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);

    var vertx = Vertx.builder().withTransport(transport).build();
    var closeables = new ArrayDeque<AutoCloseable>();
    MercureHub hubRef = null;
    try {
      var router = Router.router(vertx);
      var nodeId = config.messaging().nodeId();
      router
          .route()
          .handler(
              ctx -> {
                ctx.response().putHeader("X-Millrace-Node", nodeId);
                ctx.next();
              });
      ErrorAnswers.refuseFormBodies(router);
      var health = new HealthEndpoint();
      router.get("/healthz").handler(health);
      router.get("/metrics").handler(new MetricsEndpoint(metrics));

      var pubSub =
          PubSub.open(config.messaging(), config.storage(), config.hub().history(), metrics);
      closeables.push(pubSub.closer());
      health.add("pubsub", pubSub.health());
      var hub = MercureHub.create(vertx, metrics, pubSub.hubBus(), config.hub());
      hubRef = hub;
      closeables.push(hub); // after the apps that publish to it, before the pub/sub it reads
      hub.mount(router);
      router
          .get("/webjars/*")
          .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
      var http =
          vertx
              .createHttpServer(
                  SseServerOptions.tune(
                      new HttpServerOptions()
                          .setHost(config.host())
                          .setPort(config.port())
                          .setCompressionSupported(false)))
              .requestHandler(router)
              .invalidRequestHandler(ErrorAnswers.invalidRequests());
      // The default public URL names the port, which the system picks for port 0: listen before
      // the apps start then (no client knows the port yet), otherwise once every route is mounted
      var listenFirst = config.publicUrl() == null && config.port() == 0;
      if (listenFirst) {
        listen(http);
      }
      var feedsHub =
          HubSettings.of(
              config.publicUrl(listenFirst ? http.actualPort() : config.port()), hub::publish);
      var deadLetters =
          Apps.start(
              config, vertx, metrics, router, health, closeables, readModels, pubSub, feedsHub);
      health.addDeadLetters(deadLetters::count);
      if (config.access().adminToken() != null) {
        new DeadLetterAdmin(deadLetters, config.access().adminToken()).mount(router);
      }
      ErrorAnswers.install(router);
      if (!listenFirst) {
        listen(http);
      }
      health.markReady();
      log.info(
          "node {} listening on {}:{} ({} transport, from --transport {}) with data in {}, public"
              + " URL {}",
          nodeId,
          config.host(),
          http.actualPort(),
          transport.name(),
          config.transport(),
          config.dataDir(),
          feedsHub.publicUrl());
      return new MillraceServer(vertx, http, metrics, hub, closeables);
    } catch (Exception e) {
      if (hubRef != null) {
        hubRef.close();
      }
      closeAll(closeables);
      vertx.close();
      var where = e instanceof java.net.BindException ? " on port " + config.port() : "";
      throw new IllegalStateException(
          "could not start" + where + ": " + StartupFailure.describe(e), e);
    }
  }

  private static void listen(HttpServer http) throws Exception {
    http.listen().await(30, TimeUnit.SECONDS);
  }

  private static void createDataDir(ServerConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create data dir " + config.dataDir().toAbsolutePath(), e);
    }
  }

  /** The port the server listens on (useful when started on port 0). */
  public int port() {
    return http.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Drains the streams (clients are told to reconnect elsewhere, in batches), closes the apps and
   * then the hub they publish to, stops accepting connections, then closes Vert.x.
   */
  @Override
  public void close() {
    awaitQuietly("draining the hub", hub.drain());
    closeAll(closeables);
    awaitQuietly("closing the HTTP server", http.close());
    awaitQuietly("closing Vert.x", vertx.close());
    metrics.close();
    log.info("stopped");
  }

  private static void awaitQuietly(String what, io.vertx.core.Future<?> future) {
    try {
      future.await(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("{} did not finish cleanly", what, e);
    }
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      var closeable = closeables.pop();
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("closing {} failed", closeable, e);
      }
    }
  }
}
