package dev.millrace.buildlogs.auth;

import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Responses;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route handler that lets each client make at most {@code perMinute} attempts a minute (a token
 * bucket refilled evenly over the minute) and answers 429 with {@code Retry-After} beyond, before
 * the body is read. The client is the remote address, or with {@code trustProxy} the last {@code
 * X-Forwarded-For} address (the one the trusted proxy added; earlier ones come from the client). At
 * most {@code maxClients} buckets are kept, the least recently used evicted first, so memory is
 * bounded. The count is per node. Thread-safe; runs on the event loop (no I/O).
 */
public final class RateLimit implements Handler<RoutingContext> {

  public static final int DEFAULT_PER_MINUTE = 10;
  public static final int DEFAULT_MAX_CLIENTS = 10_000;

  private static final long MINUTE_MS = 60_000;

  private final String what;
  private final int perMinute;
  private final boolean trustProxy;
  private final Clock clock;
  private final Map<String, double[]> buckets;

  /**
   * @param what what is limited, in the error message ("sign-in attempts")
   */
  public RateLimit(String what, int perMinute, int maxClients, boolean trustProxy, Clock clock) {
    if (perMinute < 1 || maxClients < 1) {
      throw new IllegalArgumentException("perMinute and maxClients must be positive");
    }
    this.what = what;
    this.perMinute = perMinute;
    this.trustProxy = trustProxy;
    this.clock = clock;
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > maxClients;
          }
        };
  }

  @Override
  public void handle(RoutingContext ctx) {
    long retryAfter = acquire(client(ctx));
    if (retryAfter == 0) {
      ctx.next();
      return;
    }
    Responses.fail(
        ctx,
        ApiException.tooManyRequests(
            "too_many_attempts",
            "more than "
                + perMinute
                + " "
                + what
                + " a minute from this address: retry in "
                + retryAfter
                + " s",
            retryAfter));
  }

  /** Takes one attempt for {@code client}: 0 when allowed, else the seconds until one is. */
  long acquire(String client) {
    long now = clock.millis();
    double perMs = perMinute / (double) MINUTE_MS;
    synchronized (buckets) {
      // bucket: {tokens, last refill in ms}
      var bucket = buckets.computeIfAbsent(client, c -> new double[] {perMinute, now});
      bucket[0] = Math.min(perMinute, bucket[0] + (now - bucket[1]) * perMs);
      bucket[1] = now;
      if (bucket[0] >= 1) {
        bucket[0] -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket[0]) / perMs / 1000));
    }
  }

  int clients() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private String client(RoutingContext ctx) {
    if (trustProxy) {
      var forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        var hops = forwarded.split(",");
        var last = hops[hops.length - 1].trim();
        if (!last.isEmpty()) {
          return last;
        }
      }
    }
    var remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
