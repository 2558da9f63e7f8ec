package dev.millrace.bench.server;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.hub.HubBus;
import dev.millrace.hub.HubOptions;
import dev.millrace.hub.MercureHub;
import dev.millrace.sse.SseServerOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Millrace's {@link MercureHub} alone on a Vert.x HTTP server over an in-process pub/sub, without
 * the apps of the full server: {@code java -cp millrace-bench.jar dev.millrace.bench.server.HubHost
 * <port>} with the publisher key in {@code MILLRACE_HUB_PUBLISHER_JWT_KEY}; anonymous subscribers
 * allowed. It isolates the engine when profiling.
 */
public final class HubHost {

  private HubHost() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String key = System.getenv("MILLRACE_HUB_PUBLISHER_JWT_KEY");
    var transport =
        SseServerOptions.transport(System.getenv().getOrDefault("MILLRACE_TRANSPORT", "auto"));
    var vertx = Vertx.builder().withTransport(transport).build();
    var pubSub = InProcessPubSub.create();
    var hub =
        MercureHub.create(
            vertx,
            new SimpleMeterRegistry(),
            HubBus.live(pubSub, pubSub),
            HubOptions.DEFAULTS.withPublisherJwtKey(key).withAnonymous(true));
    var router = Router.router(vertx);
    hub.mount(router);
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
                  pubSub.close();
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
