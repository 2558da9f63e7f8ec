package dev.millrace.sse;

import dev.millrace.core.Subscriber;
import dev.millrace.sse.internal.DefaultSseRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams pub/sub updates to browsers. Each {@link #handler} binds a {@link StreamAdapter} to a
 * topic and returns a Vert.x handler to mount on any GET route:
 *
 * <pre>{@code
 * SseRouter sse = SseRouter.create(vertx, subscriber, meterRegistry);
 * router.get("/api/feeds/:name").handler(sse.handler("feed-updated", new FeedStream(readModel)));
 * }</pre>
 *
 * <p>A request that accepts {@code text/event-stream} gets a stream (headers {@code Cache-Control:
 * no-store}, {@code X-Accel-Buffering: no}, never compressed, heartbeat comments); any other
 * request gets the current snapshot as JSON.
 *
 * <p>Upstream, the router makes one fan-out subscription per topic (not per connection), the first
 * time a handler for that topic is created. Per key, renders run in message order; each rendered
 * event is encoded once and the same bytes are written to every connection watching the key, on
 * that connection's event loop. Each event loop takes deliveries from a bounded queue; while it is
 * full, renders wait, and so does the upstream subscription. Thread-safe.
 *
 * <p>Metrics (Micrometer; Prometheus names), tagged {@code handler} (the adapter's class name):
 * {@code millrace_sse_connections} (open streams), {@code millrace_sse_renders_total} (events
 * rendered), {@code millrace_sse_events_delivered_total} (event writes to connections), {@code
 * millrace_sse_written_bytes_total}, {@code millrace_sse_events_dropped_total} (stale states a slow
 * client skipped), {@code millrace_sse_slow_closes_total} (connections closed as too slow or
 * stalled), {@code millrace_sse_render_failures_total} (renders that failed every attempt; see
 * {@link StreamAdapter}), {@code millrace_sse_handoff_waits_total} (deliveries that waited for a
 * busy event loop: see {@link SseOptions#loopQueue()}) and the histogram {@code
 * millrace_sse_publish_to_write_seconds} (from the message's {@code published_at} to the write of
 * its event, once per event loop).
 */
public interface SseRouter extends AutoCloseable {

  static SseRouter create(Vertx vertx, Subscriber subscriber, MeterRegistry meterRegistry) {
    return create(vertx, subscriber, meterRegistry, SseOptions.DEFAULTS);
  }

  static SseRouter create(
      Vertx vertx, Subscriber subscriber, MeterRegistry meterRegistry, SseOptions options) {
    return new DefaultSseRouter(vertx, subscriber, meterRegistry, options);
  }

  /**
   * A handler streaming the keys {@code adapter} maps requests to, updated by the messages of
   * {@code topic}. Several handlers may share a topic (and its one subscription).
   */
  Handler<RoutingContext> handler(String topic, StreamAdapter adapter);

  /** Open stream connections across all handlers. */
  int connections();

  /**
   * Graceful shutdown: new stream requests get only a jittered {@code retry:} (JSON requests a
   * 503); open connections get a jittered {@code retry:} and are closed in batches ({@link
   * SseOptions#drain()}). The future completes when all connections are closed. Idempotent.
   */
  Future<Void> drain();

  /** Closes the upstream subscriptions and every connection at once. Idempotent. */
  @Override
  void close();
}
