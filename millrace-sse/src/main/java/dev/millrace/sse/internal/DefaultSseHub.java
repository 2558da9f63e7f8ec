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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The hub behind {@link SseHub#create}. */
public final class DefaultSseHub implements SseHub {

  static final int MAX_TOPIC_LENGTH = 256;

  private final HubOptions options;
  private final LoopRegistry loops;
  private final SseMetrics metrics;
  private final HubPublishing publishing;
  private final Vertx vertx;
  private final HubTopics topics;
  private final AtomicInteger connections = new AtomicInteger();
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
    this.topics = new HubTopics(options, metrics);
    long sweepMillis = Math.clamp(options.topicIdleTimeout().toMillis() / 2, 1, 30_000);
    this.sweepTimer = vertx.setPeriodic(sweepMillis, id -> topics.sweep());
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
      HubTopic topic = topics.get(name);
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

  void left(HubConnection connection) {
    connections.decrementAndGet();
    metrics.connections().decrementAndGet();
    HubTopic topic = connection.topic;
    if (topic != null) {
      topic.leave(connection);
      topics.released(topic);
    }
  }

  @Override
  public long publish(String name, String data) {
    Objects.requireNonNull(name, "topic");
    Objects.requireNonNull(data, "data");
    if (closed) {
      throw new IllegalStateException("the hub is closed");
    }
    long micros = HubTopics.nowMicros();
    metrics.rendered(1);
    while (true) {
      HubTopic topic = topics.get(name);
      long id = topic.publish(data, micros);
      if (id >= 0) {
        if (!topic.history) {
          topics.released(topic);
        }
        return id;
      }
    }
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
  Set<String> topicNames() {
    return topics.names();
  }

  /** Topics that keep history, for tests. */
  int topicsWithHistory() {
    return topics.withHistory();
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
