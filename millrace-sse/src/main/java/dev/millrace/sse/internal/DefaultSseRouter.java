package dev.millrace.sse.internal;

import dev.millrace.core.Subscriber;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.SseRouter;
import dev.millrace.sse.StreamAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** The engine behind {@link SseRouter#create}. */
public final class DefaultSseRouter implements SseRouter {

  public DefaultSseRouter(
      Vertx vertx, Subscriber subscriber, MeterRegistry meterRegistry, SseOptions options) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public Handler<RoutingContext> handler(String topic, StreamAdapter adapter) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public int connections() {
    return 0;
  }

  @Override
  public Future<Void> drain() {
    return Future.succeededFuture();
  }

  @Override
  public void close() {}
}
