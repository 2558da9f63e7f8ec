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
 * <p>Event ids are per-topic sequence numbers, one higher for each event. A topic's first id
 * follows the clock (microseconds since the epoch) when the hub makes the topic, and is above every
 * id an earlier topic of that name had: ids are not reused after the hub forgets a topic or
 * restarts, so an old {@code Last-Event-ID} never passes for a newer one.
 *
 * <p>A client resuming with a {@code Last-Event-ID} that the topic's history no longer covers
 * (older than its last {@link HubOptions#replaySize()} events, from a topic the hub has forgotten,
 * or not one of its ids) first gets an event named {@code reset} with empty data, whose id is the
 * topic's current one: history does not reach back that far, so the client should reload what it
 * shows. Live events follow. Never a silent jump.
 *
 * <p>Memory: each topic keeps at most {@link HubOptions#replaySize()} events; at most {@link
 * HubOptions#maxTopics()} topics keep history (see there for what happens at the cap); a topic
 * without subscribers is forgotten after {@link HubOptions#topicIdleTimeout()} without a publish.
 * Each event is encoded once into one buffer shared by every connection of the topic.
 *
 * <p>Publishing never waits for the event loops: if a loop's bounded queue ({@link
 * SseOptions#loopQueue()}) is full, the event is counted ({@code
 * millrace_sse_handoff_overflows_total}) and that loop's connections that miss it are closed with a
 * jittered {@code retry:}; they resume from {@code Last-Event-ID}. Thread-safe.
 */
public interface SseHub extends Handler<RoutingContext>, AutoCloseable {

  static SseHub create(Vertx vertx, MeterRegistry meterRegistry, HubOptions options) {
    return new DefaultSseHub(vertx, meterRegistry, options);
  }

  /**
   * Publishes one event to a topic, as {@code POST} does.
   *
   * @return the event's id, its sequence number in the topic (see above)
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
