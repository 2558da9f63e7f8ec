package dev.millrace.bench.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.feeds.FeedsApp;
import dev.millrace.feeds.FeedsSettings;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import dev.millrace.sse.SseServerOptions;
import dev.millrace.sse.StreamAdapter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The feeds app alone on a Vert.x server, on the server jar's embedded defaults (H2 write model and
 * read model in the data folder, in-process pub/sub), serving {@code /api/*} and {@code /metrics}
 * (Prometheus text): {@code java -cp millrace-bench.jar dev.millrace.bench.server.FeedsHost <port>
 * <data-dir> --render once|per-connection}. With {@code per-connection}, every stream connection
 * renders its own snapshots ({@link PerConnectionStream}), which shows what rendering once per key
 * saves.
 */
public final class FeedsHost {

  /** How the streams render: {@code once} per key per update, or once per connection. */
  public enum Rendering {
    ONCE,
    PER_CONNECTION;

    /** {@code once} or {@code per-connection}. */
    public String flag() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static Rendering of(String flag) {
      for (Rendering rendering : values()) {
        if (rendering.flag().equals(flag)) {
          return rendering;
        }
      }
      throw new IllegalArgumentException("--render once|per-connection, not " + flag);
    }

    UnaryOperator<StreamAdapter> decorator() {
      return this == ONCE ? UnaryOperator.identity() : PerConnectionStream::new;
    }
  }

  private FeedsHost() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !args[2].equals("--render")) {
      throw new IllegalArgumentException(
          "usage: FeedsHost <port> <data-dir> --render once|per-connection");
    }
    int port = Integer.parseInt(args[0]);
    Path dataDir = Files.createDirectories(Path.of(args[1]));
    var rendering = Rendering.of(args[3]);

    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var vertx =
        Vertx.builder()
            .withTransport(
                SseServerOptions.transport(
                    System.getenv().getOrDefault("MILLRACE_TRANSPORT", "auto")))
            .build();
    var pubSub = InProcessPubSub.create();
    var writeModel = h2("write-model", dataDir.resolve("millrace"));
    var readModel = h2("read-model", dataDir.resolve("readmodel"));
    var settings =
        new FeedsSettings(
                vertx,
                metrics,
                pubSub,
                pubSub,
                writeModel,
                JdbcFeedReadModel.create(readModel),
                "bench")
            .withStreamDecorator(rendering.decorator());
    var feeds = FeedsApp.start(settings);
    var router = Router.router(vertx);
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    feeds.mount(router);
    var server =
        vertx
            .createHttpServer(
                SseServerOptions.tune(
                    new HttpServerOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setCompressionSupported(false)))
            .requestHandler(router)
            .listen()
            .await(30, TimeUnit.SECONDS);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    feeds.close();
                    server.close().await(5, TimeUnit.SECONDS);
                    vertx.close().await(5, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("feeds host did not stop cleanly: " + e);
                  }
                  pubSub.close();
                  readModel.close();
                  writeModel.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "feeds listening on 127.0.0.1:%d, rendering %s%n", server.actualPort(), rendering.flag());
    stopped.await();
  }

  /** An H2 file database in a pool of 16, as the server opens its embedded databases. */
  private static HikariDataSource h2(String name, Path file) {
    var config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setMaximumPoolSize(16);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}
