package dev.millrace.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /healthz}: 200 once the server is ready, 503 before. */
final class HealthEndpoint implements Handler<RoutingContext> {

  private volatile boolean ready;

  void markReady() {
    ready = true;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(ready ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(ready ? "{\"status\":\"up\"}" : "{\"status\":\"starting\"}");
  }
}
