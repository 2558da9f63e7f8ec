package dev.millrace.sse.testing;

import dev.millrace.sse.SseServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** An HTTP server on a free loopback port with a router the test fills. */
public final class TestServer implements AutoCloseable {

  public final Vertx vertx;
  public final Router router;
  private final HttpServer server;

  /** Starts listening at once; add routes to {@link #router} afterwards. */
  public TestServer() {
    this(new HttpServerOptions());
  }

  /** Starts listening at once, with these server options. */
  public TestServer(HttpServerOptions options) {
    this(options, Transport.NIO);
  }

  /** Starts listening at once, with these server options, on this socket transport. */
  public TestServer(HttpServerOptions options, Transport transport) {
    this.vertx = Vertx.builder().withTransport(transport).build();
    this.router = Router.router(vertx);
    try {
      this.server =
          vertx
              .createHttpServer(SseServerOptions.tune(options))
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
