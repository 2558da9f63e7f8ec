package dev.millrace.server;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz}: 200 with {@code {"status":"up","checks":{...}}} once the server is ready
 * and every dependency answers; 503 with the failing checks otherwise. While dead letters wait
 * (messages that could not be handled, see {@link #addDeadLetters}) the status is {@code degraded},
 * still with 200, so a load balancer keeps the node: it serves, but someone should look. The body
 * then holds {@code "dead_letters": n}.
 */
final class HealthEndpoint implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private volatile boolean ready;
  private volatile LongSupplier deadLetters;

  synchronized void add(String name, HealthCheck check) {
    checks.put(name, check);
  }

  /** Reports {@code degraded} while {@code count} (asked on a worker thread) is above zero. */
  void addDeadLetters(LongSupplier count) {
    deadLetters = count;
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
              var status = body.getString("status");
              var up = "up".equals(status) || "degraded".equals(status);
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
    var status = allUp ? "up" : ready ? "down" : "starting";
    var body = new JsonObject().put("status", status).put("checks", results);
    var waiting = deadLetters == null ? 0 : countDeadLetters();
    if (waiting != 0) {
      body.put("dead_letters", waiting < 0 ? null : waiting);
      if (allUp && waiting > 0) {
        status = "degraded";
      }
    }
    return body.put("status", status);
  }

  /** The dead letters waiting, or -1 when they cannot be counted (the store's check says why). */
  private long countDeadLetters() {
    try {
      return deadLetters.getAsLong();
    } catch (RuntimeException e) {
      log.warn("counting dead letters failed", e);
      return -1;
    }
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
