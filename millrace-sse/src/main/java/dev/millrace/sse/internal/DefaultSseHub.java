package dev.millrace.sse.internal;

import dev.millrace.sse.HubOptions;
import dev.millrace.sse.SseHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** The hub behind {@link SseHub#create}. */
public final class DefaultSseHub implements SseHub {

  public DefaultSseHub(Vertx vertx, MeterRegistry meterRegistry, HubOptions options) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public void handle(RoutingContext context) {
    context.fail(501);
  }

  @Override
  public long publish(String topic, String data) {
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
