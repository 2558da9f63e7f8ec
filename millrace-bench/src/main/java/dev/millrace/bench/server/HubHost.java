package dev.millrace.bench.server;

import dev.millrace.sse.HubOptions;
import dev.millrace.sse.SseHub;
import dev.millrace.sse.SseServerOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Millrace's {@link SseHub} alone on a Vert.x HTTP server, without the apps of the full server:
 * {@code java -cp millrace-bench.jar dev.millrace.bench.server.HubHost <port>} with the publish
 * token in {@code MILLRACE_HUB_TOKEN}. It isolates the engine when profiling, and lets the bench
 * measure the hub before a server build that mounts it exists.
 */
public final class HubHost {

  private HubHost() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String token = System.getenv("MILLRACE_HUB_TOKEN");
    var transport =
        SseServerOptions.transport(System.getenv().getOrDefault("MILLRACE_TRANSPORT", "auto"));
    var vertx = Vertx.builder().withTransport(transport).build();
    var hub = SseHub.create(vertx, new SimpleMeterRegistry(), HubOptions.DEFAULTS.withToken(token));
    var router = Router.router(vertx);
    router.route("/hub/:topic").handler(hub);
    var server =
        vertx
            .createHttpServer(
                SseServerOptions.tune(new HttpServerOptions().setHost("127.0.0.1").setPort(port)))
            .requestHandler(router)
            .listen()
            .await(30, TimeUnit.SECONDS);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  hub.close();
                  try {
                    server.close().await(5, TimeUnit.SECONDS);
                    vertx.close().await(5, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("hub did not stop cleanly: " + e);
                  }
                  stopped.countDown();
                }));
    System.out.println(
        "hub listening on 127.0.0.1:" + server.actualPort() + " (" + transport.name() + ")");
    stopped.await();
  }
}
