package dev.millrace.sse;

import dev.millrace.sse.internal.DefaultSseHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * A generic publish/subscribe hub over SSE, for any backend: mount it on a route with a {@code
 * :topic} parameter.
 *
 * <pre>{@code
 * SseHub hub = SseHub.create(vertx, meterRegistry, HubOptions.DEFAULTS.withToken(token));
 * router.route("/hub/:topic").handler(hub);
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET /hub/{topic}} streams every event published to the topic from then on; with
 *       {@code Last-Event-ID} it first replays what the client missed from the last {@link
 *       HubOptions#replaySize()} events of the topic.
 *   <li>{@code POST /hub/{topic}} with {@code Authorization: Bearer <token>} publishes the request
 *       body (UTF-8 text) as the {@code data} of one event and answers {@code 200} with {@code
 *       {"id":"<id>"}}. Without a configured token publishing is off (403); a wrong or missing
 *       token gets 401.
 * </ul>
 *
 * <p>Event ids are per-topic sequence numbers starting at 1. Each event is encoded once into one
 * buffer shared by every connection of the topic. Thread-safe.
 */
public interface SseHub extends Handler<RoutingContext>, AutoCloseable {

  static SseHub create(Vertx vertx, MeterRegistry meterRegistry, HubOptions options) {
    return new DefaultSseHub(vertx, meterRegistry, options);
  }

  /**
   * Publishes one event to a topic, as {@code POST} does.
   *
   * @return the event's id, its sequence number in the topic
   */
  long publish(String topic, String data);

  /** Open stream connections. */
  int connections();

  /** Graceful shutdown, as {@link SseRouter#drain()}. */
  Future<Void> drain();

  /** Closes every connection at once. Idempotent. */
  @Override
  void close();
}
