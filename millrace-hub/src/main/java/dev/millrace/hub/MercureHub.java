package dev.millrace.hub;

import dev.millrace.hub.internal.DefaultMercureHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.concurrent.CompletableFuture;

/**
 * A Mercure hub (draft-dunglas-mercure-07) at {@code /.well-known/mercure}, on every node of a
 * cluster, with durable history.
 *
 * <pre>{@code
 * MercureHub hub = MercureHub.create(vertx, meters, HubBus.live(pubSub, pubSub),
 *     HubOptions.DEFAULTS.withPublisherJwtKey(secret));
 * hub.mount(router);
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET} subscribes: one or more {@code topic} selectors ({@code *}, an exact topic, or
 *       an RFC 6570 URI template) on one connection; each matching update arrives once, as an SSE
 *       event whose {@code id} is the update's id. A JWT (header {@code Authorization: Bearer},
 *       else query parameter {@code authorization}, else cookie {@code mercureAuthorization}) with
 *       {@code mercure.subscribe} selectors unlocks private updates; its {@code exp} ends the
 *       stream. Without a JWT, only when {@link HubOptions#anonymous()}.
 *   <li>Resuming ({@code Last-Event-ID} header, else {@code lastEventID} or {@code last_event_id}
 *       query parameter; {@code earliest} for all the history) first sends the matching updates
 *       after that id. The response header {@code Last-Event-ID} is the id of the update before the
 *       first one sent, or {@code earliest} when the requested id is not in the history (unknown or
 *       too old): a client can always tell an exact resume from a gap.
 *   <li>{@code POST} publishes ({@code application/x-www-form-urlencoded}: {@code topic}
 *       repeatable, {@code data}, {@code private}, {@code id}, {@code type}, {@code retry}) with a
 *       JWT whose {@code mercure.publish} selectors match every topic; answers 200 {@code
 *       text/plain} with the id once the pub/sub holds the update.
 * </ul>
 *
 * <p>Every update goes through the {@link HubBus}; every node delivers every update to its own
 * subscribers, in the bus's order, and keeps the last {@link HubOptions#history()} of them in
 * memory, read back from the bus when it starts. Updates are encoded once and the same bytes
 * written to every subscriber; a slow subscriber is closed (it resumes with {@code Last-Event-ID})
 * rather than slowing the others. Thread-safe.
 */
public interface MercureHub extends AutoCloseable {

  /** The hub's path. */
  String PATH = "/.well-known/mercure";

  static MercureHub create(Vertx vertx, MeterRegistry meters, HubBus bus, HubOptions options) {
    return new DefaultMercureHub(vertx, meters, bus, options);
  }

  /** Mounts {@link #PATH} (and the subscription API when enabled) on {@code router}. */
  void mount(Router router);

  /** Publishes an update as {@code POST} does, without authorization; completes with its id. */
  CompletableFuture<String> publish(Update update);

  /** Completes once this node has read the history back from the bus. */
  CompletableFuture<Void> ready();

  /** Open subscriber connections on this node. */
  int connections();

  /** Graceful shutdown: subscribers are told to come back (jittered {@code retry:}) in batches. */
  Future<Void> drain();

  /** Closes the bus subscription and every connection at once. Idempotent. */
  @Override
  void close();
}
