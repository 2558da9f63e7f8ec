package dev.millrace.server;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: one Vert.x instance, one HTTP listener, the apps mounted on one router. */
public final class MillraceServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MillraceServer.class);

  private final Vertx vertx;
  private final HttpServer http;
  private final PrometheusMeterRegistry metrics;

  private MillraceServer(Vertx vertx, HttpServer http, PrometheusMeterRegistry metrics) {
    this.vertx = vertx;
    this.http = http;
    this.metrics = metrics;
  }

  /** Starts the server and returns once it accepts connections. */
  public static MillraceServer start(ServerConfig config) {
    createDataDir(config);
    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);

    var vertx = Vertx.vertx();
    var router = Router.router(vertx);
    var health = new HealthEndpoint();
    router.get("/healthz").handler(health);
    router.get("/metrics").handler(new MetricsEndpoint(metrics));
    try {
      var http =
          vertx
              .createHttpServer(
                  new HttpServerOptions().setHost(config.host()).setPort(config.port()))
              .requestHandler(router)
              .listen()
              .await(30, TimeUnit.SECONDS);
      health.markReady();
      log.info(
          "listening on {}:{} with data in {}", config.host(), http.actualPort(), config.dataDir());
      return new MillraceServer(vertx, http, metrics);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(
          "could not start the HTTP server on port " + config.port(), e);
    }
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

  /** Stops accepting connections, closes the apps, then Vert.x. */
  @Override
  public void close() {
    try {
      http.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not close cleanly", e);
    }
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly", e);
    }
    metrics.close();
    log.info("stopped");
  }
}
