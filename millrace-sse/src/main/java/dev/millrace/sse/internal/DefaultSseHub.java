package dev.millrace.sse.internal;

import dev.millrace.sse.HubOptions;
import dev.millrace.sse.SseHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The hub behind {@link SseHub#create}. */
public final class DefaultSseHub implements SseHub {

  static final int MAX_TOPIC_LENGTH = 256;

  private final HubOptions options;
  private final LoopRegistry loops;
  private final SseMetrics metrics;
  private final HubPublishing publishing;
  private final Vertx vertx;
  private final ConcurrentHashMap<String, HubTopic> topics = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger historyTopics = new AtomicInteger();
  private final AtomicLong firstSequences = new AtomicLong();
  private final AtomicLong retired = new AtomicLong();
  private final long idleNanos;
  private final long sweepTimer;
  private final Buffer openingBytes;

  /** A test seam: runs on the loop between a subscriber's topic lookup and its join. */
  volatile Consumer<HubConnection> beforeJoin;

  private volatile boolean draining;
  private volatile boolean closed;
  private Future<Void> drained;

  public DefaultSseHub(Vertx vertx, MeterRegistry meterRegistry, HubOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.loops = new LoopRegistry(options.sse());
    this.metrics = new SseMetrics(Objects.requireNonNull(meterRegistry, "meterRegistry"), "hub");
    this.publishing = new HubPublishing(this, options);
    this.openingBytes =
        options.sse().retry() == null
            ? SseEncoder.comment("")
            : SseEncoder.shared(SseEncoder.retry(options.sse().retry().toMillis()).getBytes());
    this.idleNanos = options.topicIdleTimeout().toNanos();
    long sweepMillis = Math.clamp(options.topicIdleTimeout().toMillis() / 2, 1, 30_000);
    this.sweepTimer = vertx.setPeriodic(sweepMillis, id -> sweep());
  }

  @Override
  public void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    String topic = topicOf(context);
    if (topic == null) {
      HttpAnswers.error(context.response(), 400, "the topic must be 1 to 256 characters");
    } else if (request.method() == HttpMethod.GET) {
      subscribe(request, topic);
    } else if (request.method() == HttpMethod.POST) {
      publishing.handle(context, topic);
    } else {
      context.response().putHeader("Allow", "GET, POST");
      HttpAnswers.error(context.response(), 405, "use GET to subscribe or POST to publish");
    }
  }

  private static String topicOf(RoutingContext context) {
    String topic = context.pathParam("topic");
    if (topic == null) {
      String path = context.normalizedPath();
      topic = path.substring(path.lastIndexOf('/') + 1);
    }
    return topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH ? null : topic;
  }

  private void subscribe(HttpServerRequest request, String name) {
    var response = request.response();
    if (draining) {
      HttpAnswers.drainingAnswer(request, options.sse().drain(), true);
      return;
    }
    Loop loop = loops.current(vertx);
    HttpAnswers.startStream(response, options.sse().writeQueueBytes());
    var connection = new HubConnection(request, loop, this);
    connection.open();
    response.write(openingBytes);
    String lastEventId = HttpAnswers.lastEventId(request);
    HubTopic.Joined joined;
    do {
      HubTopic topic = topic(name);
      Consumer<HubConnection> hook = beforeJoin;
      if (hook != null) {
        hook.accept(connection);
      }
      joined = topic.join(connection, lastEventId);
    } while (joined == null);
    connections.incrementAndGet();
    metrics.connections().incrementAndGet();
    connection.replay(joined);
  }

  /** The topic of this name, made if needed; at the cap, an idle topic makes room first. */
  private HubTopic topic(String name) {
    HubTopic topic = topics.get(name);
    if (topic != null) {
      return topic;
    }
    if (options.replaySize() > 0 && historyTopics.get() >= options.maxTopics()) {
      evictLeastRecentlyActive();
    }
    return topics.computeIfAbsent(name, this::newTopic);
  }

  private HubTopic newTopic(String name) {
    boolean history = options.replaySize() > 0 && reserveHistory();
    long first =
        firstSequences.accumulateAndGet(
            Math.max(nowMicros(), retired.get()), (previous, next) -> Math.max(previous + 1, next));
    return new HubTopic(name, history ? options.replaySize() : 0, first, metrics);
  }

  private boolean reserveHistory() {
    if (historyTopics.incrementAndGet() <= options.maxTopics()) {
      return true;
    }
    historyTopics.decrementAndGet();
    return false;
  }

  /** At the cap: forgets the topic without subscribers that was least recently active. */
  private void evictLeastRecentlyActive() {
    HubTopic oldest = null;
    for (HubTopic topic : topics.values()) {
      if (topic.history
          && topic.watchers() == 0
          && (oldest == null || topic.activeNanos() - oldest.activeNanos() < 0)) {
        oldest = topic;
      }
    }
    if (oldest != null && oldest.removeIf(System.nanoTime(), 0, retired)) {
      forget(oldest);
    }
  }

  /** Forgets idle topics without subscribers; runs periodically on an event loop. */
  private void sweep() {
    long now = System.nanoTime();
    for (HubTopic topic : topics.values()) {
      if (topic.removeIf(now, idleNanos, retired)) {
        forget(topic);
      }
    }
  }

  private void forget(HubTopic topic) {
    topics.remove(topic.name, topic);
    if (topic.history) {
      historyTopics.decrementAndGet();
    }
  }

  void left(HubConnection connection) {
    connections.decrementAndGet();
    metrics.connections().decrementAndGet();
    HubTopic topic = connection.topic;
    if (topic != null) {
      topic.leave(connection);
      if (topic.removeIf(System.nanoTime(), idleNanos, retired)) {
        forget(topic);
      }
    }
  }

  @Override
  public long publish(String name, String data) {
    Objects.requireNonNull(name, "topic");
    Objects.requireNonNull(data, "data");
    if (closed) {
      throw new IllegalStateException("the hub is closed");
    }
    long micros = nowMicros();
    metrics.rendered(1);
    while (true) {
      HubTopic topic = topic(name);
      long id = topic.publish(data, micros);
      if (id >= 0) {
        if (!topic.history && topic.removeIf(System.nanoTime(), idleNanos, retired)) {
          forget(topic);
        }
        return id;
      }
    }
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  @Override
  public int connections() {
    return connections.get();
  }

  /** Connections registered on the event loops, for leak checks. */
  int registeredConnections() {
    return loops.all().stream().mapToInt(Loop::size).sum();
  }

  /** Topics held in memory, for leak checks. */
  int topics() {
    return topics.size();
  }

  /** Names of the topics held in memory, for tests. */
  java.util.Set<String> topicNames() {
    return java.util.Set.copyOf(topics.keySet());
  }

  /** Topics that keep history, for tests. */
  int topicsWithHistory() {
    return historyTopics.get();
  }

  @Override
  public synchronized Future<Void> drain() {
    if (drained == null) {
      draining = true;
      drained = Drainer.drain(List.copyOf(loops.all()), options.sse().drain());
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
    vertx.cancelTimer(sweepTimer);
    for (Loop loop : loops.all()) {
      loop.handoff().stop();
      loop.execute(
          () -> {
            loop.abortAll();
            loop.stop();
          });
    }
  }

  LoopRegistry loops() {
    return loops;
  }

  SseMetrics metrics() {
    return metrics;
  }

  HubOptions options() {
    return options;
  }
}
