package dev.millrace.hub.internal;

import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import dev.millrace.core.PayloadDecodingException;
import dev.millrace.core.Subscription;
import dev.millrace.hub.HubBus;
import dev.millrace.hub.HubOptions;
import dev.millrace.hub.MercureHub;
import dev.millrace.hub.Update;
import dev.millrace.sse.ErrorBody;
import dev.millrace.sse.internal.FramedEvent;
import dev.millrace.sse.internal.Loop;
import dev.millrace.sse.internal.PushEngine;
import dev.millrace.sse.internal.SseMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub behind {@link MercureHub#create}. */
public final class DefaultMercureHub implements MercureHub {

  private static final Logger log = LoggerFactory.getLogger(DefaultMercureHub.class);
  private static final long MARKER_RETRY_MILLIS = 2_000;

  private final Vertx vertx;
  private final HubBus bus;
  private final HubOptions options;
  private final PushEngine engine;
  private final History history;
  private final TokenVerifier publisherVerifier;
  private final TokenVerifier subscriberVerifier;
  private final Cors cors;
  private final Subscribing subscribing = new Subscribing(this);
  private final Publishing publishing = new Publishing(this);
  private final SubscriptionEvents subscriptionEvents;
  private final ConcurrentHashMap<Loop, LoopIndex> indexes = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final String nodeMarker;
  private final Barriers barriers;
  private final Subscription subscription;
  private final long trimTimer;
  private volatile boolean closed;

  public DefaultMercureHub(Vertx vertx, MeterRegistry meters, HubBus bus, HubOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.options = Objects.requireNonNull(options, "options");
    this.engine = new PushEngine(vertx, new SseMetrics(meters, "mercure"), options.sse());
    this.history = new History(options.history());
    Clock clock = Clock.systemUTC();
    this.publisherVerifier =
        options.publisherJwtKey() == null
            ? null
            : new TokenVerifier(options.algorithm(), options.publisherJwtKey(), clock);
    this.subscriberVerifier =
        options.effectiveSubscriberKey() == null
            ? null
            : new TokenVerifier(options.algorithm(), options.effectiveSubscriberKey(), clock);
    this.cors = new Cors(options.corsOrigins());
    this.subscriptionEvents = new SubscriptionEvents(this);
    Gauge.builder("millrace.hub.history.updates", history, History::size)
        .description("Updates kept in this node's history")
        .register(meters);
    Message marker = UpdateCodec.marker(Integer.toHexString(System.identityHashCode(this)));
    this.nodeMarker = marker.id();
    this.barriers = new Barriers(bus.publisher(), bus.topic());
    this.subscription = bus.history().subscribe(bus.topic(), this::onMessage);
    publishMarker(marker);
    this.trimTimer = vertx.setPeriodic(1_000, id -> history.trim(nowMicros()));
  }

  @Override
  public void mount(Router router) {
    router.route(PATH).handler(context -> handle(context.request()));
    if (options.subscriptions()) {
      subscriptionEvents.mount(router);
    }
  }

  void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET) {
      subscribing.handle(request);
    } else if (request.method() == HttpMethod.POST) {
      publishing.handle(request);
    } else if (request.method() == HttpMethod.OPTIONS) {
      cors.preflight(request);
    } else {
      request.response().putHeader("Allow", "GET, POST, OPTIONS");
      ErrorBody.send(request.response(), 405, "use GET to subscribe or POST to publish");
    }
  }

  @Override
  public CompletableFuture<String> publish(Update update) {
    Objects.requireNonNull(update, "update");
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the hub is closed"));
    }
    return bus.publisher()
        .publish(bus.topic(), UpdateCodec.encode(update))
        .thenApply(done -> update.id());
  }

  /** The bus listener: one update at a time, in bus order. */
  private void onMessage(Delivery delivery) {
    Message message = delivery.message();
    if (UpdateCodec.isMarker(message)) {
      if (message.id().equals(nodeMarker) && ready.complete(null)) {
        log.info("hub ready: updates_in_history={}", history.size());
      }
      barriers.seen(message.id());
      delivery.ack();
      return;
    }
    Update update;
    try {
      update = UpdateCodec.decode(message);
    } catch (PayloadDecodingException e) {
      log.warn("skipping a message that is not a hub update: id={}", message.id(), e);
      delivery.ack();
      return;
    }
    long now = nowMicros();
    StoredUpdate stored = history.append(update, publishedAt(message, now), now);
    if (stored != null) {
      FramedEvent event = stored.frame();
      engine.metrics().rendered(1);
      for (Loop loop : engine.loops()) {
        index(loop).dispatch(stored, event);
      }
    }
    delivery.ack();
  }

  private void publishMarker(Message marker) {
    if (closed || ready.isDone()) {
      return;
    }
    bus.publisher()
        .publish(bus.topic(), marker)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null && !closed) {
                log.warn("cannot reach the bus yet, retrying: {}", failure.toString());
                vertx.setTimer(MARKER_RETRY_MILLIS, id -> publishMarker(marker));
              }
            });
  }

  private static long publishedAt(Message message, long fallback) {
    String value = message.metadata(Message.PUBLISHED_AT);
    if (value != null) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  LoopIndex index(Loop loop) {
    return indexes.computeIfAbsent(loop, l -> new LoopIndex(l, engine.metrics()));
  }

  Iterable<LoopIndex> indexes() {
    return indexes.values();
  }

  void joined(HubSubscriber subscriber) {
    subscriptionEvents.changed(subscriber, true);
  }

  void left(HubSubscriber subscriber) {
    subscriptionEvents.changed(subscriber, false);
  }

  /** Completes once this node has received what the bus held when it was called. */
  CompletableFuture<Void> catchUp() {
    return barriers.sync();
  }

  Vertx vertx() {
    return vertx;
  }

  HubOptions options() {
    return options;
  }

  PushEngine engine() {
    return engine;
  }

  History history() {
    return history;
  }

  TokenVerifier publisherVerifier() {
    return publisherVerifier;
  }

  TokenVerifier subscriberVerifier() {
    return subscriberVerifier;
  }

  Cors cors() {
    return cors;
  }

  @Override
  public CompletableFuture<Void> ready() {
    return ready;
  }

  @Override
  public int connections() {
    return engine.connections();
  }

  @Override
  public Future<Void> drain() {
    return engine.drain();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(trimTimer);
    subscription.close();
    engine.close();
  }
}
