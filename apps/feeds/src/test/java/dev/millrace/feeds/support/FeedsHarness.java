package dev.millrace.feeds.support;

import dev.millrace.feeds.FeedsApp;
import dev.millrace.feeds.FeedsSettings;
import dev.millrace.sse.ErrorBody;
import dev.millrace.sse.SseServerOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.TimeUnit;

/**
 * The feeds app on a stack, served on a free loopback port, with the WebJars and the JSON 404 and
 * 405 answers as the server mounts them.
 */
public final class FeedsHarness implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final FeedsStack stack;
  private final FeedsApp app;
  private final HttpServer server;

  public FeedsHarness(FeedsStack stack) {
    this.stack = stack;
    this.app =
        FeedsApp.start(
            new FeedsSettings(
                vertx,
                metrics,
                stack.publisher(),
                stack.subscriber(),
                stack.writeDataSource(),
                stack.readModel(),
                "test-node"));
    var router = Router.router(vertx);
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    app.mount(router);
    router.errorHandler(
        404, ctx -> ErrorBody.send(ctx.response(), 404, "no route for " + ctx.request().path()));
    router.errorHandler(
        405,
        ctx -> ErrorBody.send(ctx.response(), 405, ctx.request().method() + " is not allowed"));
    try {
      server =
          vertx
              .createHttpServer(SseServerOptions.tune(new HttpServerOptions()))
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot start the test server", e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public SimpleMeterRegistry metrics() {
    return metrics;
  }

  public FeedsStack stack() {
    return stack;
  }

  /** Closes the app and Vert.x, not the stack. */
  @Override
  public void close() {
    if (app != null) {
      app.close();
    }
    try {
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Vert.x did not close", e);
    }
  }
}
