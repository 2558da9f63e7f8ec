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
  private final Buffer openingBytes;
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
    HubTopic topic = topic(name);
    var connection = new HubConnection(request, loop, this, topic);
    connection.open();
    response.write(openingBytes);
    List<HubEvent> missed = topic.join(connection, HttpAnswers.lastEventId(request));
    connections.incrementAndGet();
    metrics.connections().incrementAndGet();
    connection.replay(missed);
  }

  private HubTopic topic(String name) {
    return topics.computeIfAbsent(name, key -> new HubTopic(key, options.replaySize(), metrics));
  }

  void left(HubConnection connection) {
    connections.decrementAndGet();
    metrics.connections().decrementAndGet();
    if (connection.topic.leave(connection)) {
      topics.computeIfPresent(
          connection.topic.name,
          (key, topic) -> topic == connection.topic && topic.watchers() == 0 ? null : topic);
    }
  }

  @Override
  public long publish(String topic, String data) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(data, "data");
    if (closed) {
      throw new IllegalStateException("the hub is closed");
    }
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    metrics.rendered(1);
    return topic(topic).publish(data, micros);
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
    for (Loop loop : loops.all()) {
      loop.execute(
          () -> {
            loop.abortAll();
            loop.stop();
          });
    }
  }

  SseMetrics metrics() {
    return metrics;
  }

  HubOptions options() {
    return options;
  }
}
