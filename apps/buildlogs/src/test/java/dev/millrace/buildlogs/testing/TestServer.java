package dev.millrace.buildlogs.testing;

import dev.millrace.buildlogs.BuildLogsApp;
import dev.millrace.buildlogs.BuildLogsSettings;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.SseServerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** The app on a real HTTP server on a free port, as the host mounts it, plus an HTTP client. */
public final class TestServer implements AutoCloseable {

  public static final String RUNNER_TOKEN = "runner-token-for-tests";
  public static final String VIEWER_TOKEN = "viewer-token-for-tests";

  private final Vertx vertx;
  private final TestDatabases.TestDatabase database;
  private final InProcessPubSub pubSub;
  private final BuildLogsApp app;
  private final HttpServer http;
  private final MeterRegistry registry;
  private final LiveFaults faults;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer(
      Vertx vertx,
      TestDatabases.TestDatabase database,
      InProcessPubSub pubSub,
      BuildLogsApp app,
      HttpServer http,
      MeterRegistry registry,
      LiveFaults faults) {
    this.vertx = vertx;
    this.database = database;
    this.pubSub = pubSub;
    this.app = app;
    this.http = http;
    this.registry = registry;
    this.faults = faults;
  }

  public static TestServer start() {
    return start(TestDatabases.h2(), s -> s);
  }

  public static TestServer start(
      TestDatabases.TestDatabase database, UnaryOperator<BuildLogsSettings> customize) {
    var vertx = Vertx.vertx();
    var pubSub = InProcessPubSub.create();
    var registry = new SimpleMeterRegistry();
    var faults = new LiveFaults();
    try {
      var settings =
          customize.apply(
              BuildLogsSettings.create(
                  vertx,
                  registry,
                  pubSub,
                  pubSub,
                  database.dataSource(),
                  RUNNER_TOKEN,
                  VIEWER_TOKEN));
      var app = BuildLogsApp.start(settings);
      var router = Router.router(vertx);
      router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
      router.get(BuildLogsApp.API + "/live").handler(faults::handle);
      app.mount(router);
      var http =
          vertx
              .createHttpServer(SseServerOptions.tune(new HttpServerOptions()))
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS);
      return new TestServer(vertx, database, pubSub, app, http, registry, faults);
    } catch (Exception e) {
      vertx.close();
      pubSub.close();
      database.close();
      throw new IllegalStateException("test server did not start", e);
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + http.actualPort() + path;
  }

  public HttpClient client() {
    return client;
  }

  public javax.sql.DataSource dataSource() {
    return database.dataSource();
  }

  /** Faults to inject on the way to {@code /api/v1/live}. */
  public LiveFaults liveFaults() {
    return faults;
  }

  /** Open connections of the stream adapter {@code adapter} (its simple class name). */
  public int openStreams(String adapter) {
    var gauge = registry.find("millrace.sse.connections").tags("handler", adapter).gauge();
    return gauge == null ? 0 : (int) gauge.value();
  }

  public BuildLogsApp app() {
    return app;
  }

  /** Sends a request; {@code headers} are name/value pairs. */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    var builder =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request with the runner token. */
  public HttpResponse<String> runner(String method, String path, String body) {
    return send(method, path, body, "Authorization", "Bearer " + RUNNER_TOKEN);
  }

  @Override
  public void close() {
    app.close();
    try {
      http.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Vert.x did not close", e);
    }
    pubSub.close();
    database.close();
  }
}
