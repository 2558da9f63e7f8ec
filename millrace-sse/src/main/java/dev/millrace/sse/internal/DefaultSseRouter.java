package dev.millrace.sse.internal;

import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.SseRouter;
import dev.millrace.sse.StreamAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind {@link SseRouter#create}. */
public final class DefaultSseRouter implements SseRouter {

  private static final Logger log = LoggerFactory.getLogger(DefaultSseRouter.class);
  private static final int MAX_QUEUED_RENDERS = 4096;

  private final Vertx vertx;
  private final Subscriber subscriber;
  private final MeterRegistry meterRegistry;
  private final SseOptions options;
  private final LoopRegistry loops;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("millrace-sse-", 0).factory());
  private final Semaphore renderPermits = new Semaphore(MAX_QUEUED_RENDERS);
  private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
  private final Set<String> handlerNames = new HashSet<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Buffer openingBytes;
  private volatile boolean draining;
  private volatile boolean closed;
  private Future<Void> drained;

  public DefaultSseRouter(
      Vertx vertx, Subscriber subscriber, MeterRegistry meterRegistry, SseOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
    this.options = Objects.requireNonNull(options, "options");
    this.loops = new LoopRegistry(options);
    this.openingBytes =
        options.retry() == null
            ? SseEncoder.comment("")
            : SseEncoder.shared(SseEncoder.retry(options.retry().toMillis()).getBytes());
  }

  @Override
  public Handler<RoutingContext> handler(String topic, StreamAdapter adapter) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(adapter, "adapter");
    if (closed) {
      throw new IllegalStateException("the SSE router is closed");
    }
    var handler = new StreamHandler(this, topic, adapter, metricsFor(topic, adapter));
    topics.computeIfAbsent(topic, this::subscribe).handlers.add(handler);
    return handler;
  }

  private synchronized SseMetrics metricsFor(String topic, StreamAdapter adapter) {
    String base = adapter.getClass().getSimpleName();
    if (base.isEmpty() || base.contains("$")) {
      base = topic;
    }
    String name = base;
    for (int i = 2; !handlerNames.add(name); i++) {
      name = base + "-" + i;
    }
    return new SseMetrics(meterRegistry, name);
  }

  private Topic subscribe(String name) {
    var topic = new Topic();
    topic.subscription = subscriber.subscribe(name, delivery -> onDelivery(topic, delivery));
    log.debug("subscribed: topic={}", name);
    return topic;
  }

  private void onDelivery(Topic topic, Delivery delivery) {
    Message message = delivery.message();
    long publishedAt = publishedAtMicros(message);
    try {
      for (StreamHandler handler : topic.handlers) {
        handler.onMessage(message, publishedAt);
      }
    } finally {
      delivery.ack();
    }
  }

  private static long publishedAtMicros(Message message) {
    String value = message.metadata(Message.PUBLISHED_AT);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public int connections() {
    return connections.get();
  }

  @Override
  public synchronized Future<Void> drain() {
    if (drained == null) {
      draining = true;
      drained = Drainer.drain(List.copyOf(loops.all()), options.drain());
    }
    return drained;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    draining = true;
    topics.values().forEach(topic -> topic.subscription.close());
    topics.clear();
    for (Loop loop : loops.all()) {
      loop.handoff().stop();
      loop.execute(
          () -> {
            loop.abortAll();
            loop.stop();
          });
    }
    executor.shutdownNow();
  }

  /** Keys watched across all handlers, for leak checks. */
  int watchedKeys() {
    return topics.values().stream()
        .flatMap(topic -> topic.handlers.stream())
        .mapToInt(StreamHandler::watchedKeys)
        .sum();
  }

  /** Connections registered on the event loops, for leak checks. */
  int registeredConnections() {
    return loops.all().stream().mapToInt(Loop::size).sum();
  }

  Vertx vertx() {
    return vertx;
  }

  SseOptions options() {
    return options;
  }

  LoopRegistry loops() {
    return loops;
  }

  ExecutorService executor() {
    return executor;
  }

  Semaphore renderPermits() {
    return renderPermits;
  }

  boolean isDraining() {
    return draining;
  }

  Buffer openingBytes() {
    return openingBytes;
  }

  void opened() {
    connections.incrementAndGet();
  }

  void closed() {
    connections.decrementAndGet();
  }

  /** One upstream subscription and the handlers it feeds. */
  private static final class Topic {
    final List<StreamHandler> handlers = new CopyOnWriteArrayList<>();
    Subscription subscription;
  }
}
