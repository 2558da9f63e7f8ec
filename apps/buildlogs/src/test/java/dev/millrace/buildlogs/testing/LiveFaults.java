package dev.millrace.buildlogs.testing;

import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults on the way to the live stream, mounted before the app: refuse the next requests with 503
 * (as an overloaded proxy would), or cut the connections that carry live streams.
 */
public final class LiveFaults {

  private final AtomicInteger refuse = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<HttpConnection> connections = new CopyOnWriteArrayList<>();

  void handle(RoutingContext ctx) {
    requests.incrementAndGet();
    if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      refused.incrementAndGet();
      ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain").end("overloaded");
      return;
    }
    var connection = ctx.request().connection();
    connections.add(connection);
    connection.closeHandler(v -> connections.remove(connection));
    ctx.next();
  }

  /** The next {@code count} live requests get 503. */
  public void refuseNext(int count) {
    refuse.set(count);
  }

  /** Live requests answered 503 so far. */
  public int refused() {
    return refused.get();
  }

  /** Live requests so far, refused or not. */
  public int requests() {
    return requests.get();
  }

  /** Closes every connection that carries a live stream, as a dying proxy would. */
  public int cutAll() {
    var open = List.copyOf(connections);
    open.forEach(HttpConnection::close);
    return open.size();
  }
}
