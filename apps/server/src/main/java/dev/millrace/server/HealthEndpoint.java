package dev.millrace.server;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz}: 200 with {@code {"status":"up","checks":{...}}} once the server is ready
 * and every dependency answers; 503 with the failing checks otherwise.
 */
final class HealthEndpoint implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private volatile boolean ready;

  synchronized void add(String name, HealthCheck check) {
    checks.put(name, check);
  }

  void markReady() {
    ready = true;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(this::report, false)
        .onComplete(
            result -> {
              var body = result.succeeded() ? result.result() : failed(result.cause());
              var up = "up".equals(body.getString("status"));
              ctx.response()
                  .setStatusCode(up ? 200 : 503)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-store")
                  .end(body.encode());
            });
  }

  private JsonObject report() {
    var results = new JsonObject();
    var allUp = ready;
    Map<String, HealthCheck> snapshot;
    synchronized (this) {
      snapshot = Map.copyOf(checks);
    }
    for (var check : snapshot.entrySet()) {
      var up = isUp(check.getKey(), check.getValue());
      results.put(check.getKey(), up ? "up" : "down");
      allUp &= up;
    }
    return new JsonObject()
        .put("status", allUp ? "up" : ready ? "down" : "starting")
        .put("checks", results);
  }

  private static boolean isUp(String name, HealthCheck check) {
    try {
      return check.isUp();
    } catch (RuntimeException e) {
      log.warn("health check {} failed", name, e);
      return false;
    }
  }

  private static JsonObject failed(Throwable cause) {
    return new JsonObject().put("status", "down").put("error", String.valueOf(cause));
  }
}
