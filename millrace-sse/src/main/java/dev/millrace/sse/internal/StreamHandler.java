package dev.millrace.sse.internal;

import dev.millrace.core.Message;
import dev.millrace.sse.ErrorBody;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamPolicy;
import dev.millrace.sse.StreamRejectedException;
import dev.millrace.sse.Watch;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@link StreamAdapter} mounted on a route: answers requests and renders its keys. */
final class StreamHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

  private final DefaultSseRouter router;
  private final String topic;
  private final StreamAdapter adapter;
  private final StreamPolicy policy;
  private final SseMetrics metrics;
  private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
  private final KeyRenderer renderer;

  StreamHandler(DefaultSseRouter router, String topic, StreamAdapter adapter, SseMetrics metrics) {
    this.router = router;
    this.topic = topic;
    this.adapter = adapter;
    this.policy = Objects.requireNonNull(adapter.policy(), "policy");
    this.metrics = metrics;
    this.renderer = new KeyRenderer(adapter, metrics, router.renderPermits(), router.options());
  }

  StreamPolicy policy() {
    return policy;
  }

  SseOptions options() {
    return router.options();
  }

  SseMetrics metrics() {
    return metrics;
  }

  @Override
  public void handle(RoutingContext context) {
    var response = context.response();
    boolean stream = HttpAnswers.acceptsEventStream(context.request());
    if (router.isDraining()) {
      HttpAnswers.drainingAnswer(context.request(), options().drain(), stream);
      return;
    }
    Loop loop = router.loops().current(router.vertx());
    router.executor().execute(() -> prepare(context, stream, loop));
  }

  private void prepare(RoutingContext context, boolean stream, Loop loop) {
    var response = context.response();
    try {
      Watch watch = Objects.requireNonNull(adapter.watch(context), "watch() returned null");
      if (watch.noContent()) {
        loop.execute(() -> HttpAnswers.noContent(response));
      } else if (!stream) {
        var snapshots = new LinkedHashMap<String, String>();
        for (String key : watch.keys()) {
          snapshots.put(key, Objects.requireNonNull(adapter.render(key), "render()").data());
        }
        metrics.rendered(snapshots.size());
        loop.execute(() -> HttpAnswers.json(response, snapshots));
      } else {
        String lastEventId = HttpAnswers.lastEventId(context.request());
        loop.execute(() -> open(context, watch.keys(), lastEventId, loop));
      }
    } catch (StreamRejectedException e) {
      loop.execute(() -> HttpAnswers.error(response, e.status(), e.getMessage()));
    } catch (RuntimeException e) {
      var correlationId = ErrorBody.logFailure(log, context.request(), e);
      loop.execute(
          () -> {
            if (!response.ended() && !response.closed()) {
              ErrorBody.sendInternalError(response, correlationId);
            }
          });
    }
  }

  private void open(RoutingContext context, List<String> watched, String lastEventId, Loop loop) {
    var response = context.response();
    if (response.closed() || response.ended()) {
      return;
    }
    if (router.isDraining()) {
      HttpAnswers.drainingAnswer(context.request(), options().drain(), true);
      return;
    }
    HttpAnswers.startStream(response, options().writeQueueBytes());
    var connection = new StreamConnection(context.request(), loop, this, watched.size());
    connection.open();
    metrics.connections().incrementAndGet();
    router.opened();
    response.write(router.openingBytes());
    long resumeFrom =
        watched.size() == 1 ? EncodedEvent.sequenceOf(lastEventId) : EncodedEvent.NO_SEQUENCE;
    for (int i = 0; i < watched.size() && !connection.isClosed(); i++) {
      join(connection, i, watched.get(i), lastEventId, resumeFrom);
    }
  }

  private void join(
      StreamConnection connection, int index, String key, String lastEventId, long resumeFrom) {
    KeyState state =
        keys.compute(
            key,
            (k, existing) -> {
              KeyState s = existing == null ? new KeyState(k, router.executor()) : existing;
              s.watchers.incrementAndGet();
              return s;
            });
    KeyLoop keyLoop = state.on(connection.loop);
    var watch = new KeyWatch(connection, state, keyLoop);
    if (policy == StreamPolicy.LATEST) {
      state.lane.submit(() -> joinLatest(watch, index));
    } else {
      keyLoop.expected.incrementAndGet();
      watch.replaying = true;
      watch.lastSequence = resumeFrom;
      connection.attach(watch, index);
      router.executor().execute(new Replayer(adapter, watch, lastEventId)::run);
    }
  }

  /** On the key's lane: so the snapshot and later updates reach the watcher in order. */
  private void joinLatest(KeyWatch watch, int index) {
    watch.keyLoop.expected.incrementAndGet();
    StreamConnection connection = watch.connection;
    FramedEvent snapshot;
    try {
      snapshot = renderer.snapshot(watch.state);
    } catch (RuntimeException e) {
      // Counted and logged by the renderer; the client reconnects for a fresh snapshot.
      long retryMin = options().drain().retryMin().toMillis();
      long jitter = options().drain().retryJitter().toMillis();
      connection
          .loop
          .handoff()
          .put(
              () -> {
                leave(watch);
                connection.drain(retryMin, jitter);
              },
              metrics);
      return;
    }
    // Through the same queue as the key's deliveries, so the snapshot comes before later updates.
    connection
        .loop
        .handoff()
        .put(
            () -> {
              if (connection.isClosed()) {
                leave(watch);
                return;
              }
              connection.attach(watch, index);
              int writes = connection.deliver(watch, snapshot);
              metrics.delivered(writes, (long) writes * snapshot.length());
            },
            metrics);
  }

  /** A watch ended or its connection closed: forget it, and the key once nobody watches it. */
  void leave(KeyWatch watch) {
    watch.keyLoop.remove(watch);
    watch.keyLoop.expected.decrementAndGet();
    keys.computeIfPresent(
        watch.state.key,
        (k, s) -> s == watch.state && s.watchers.decrementAndGet() == 0 ? null : s);
  }

  void closed(StreamConnection connection) {
    metrics.connections().decrementAndGet();
    router.closed();
  }

  /** From the topic's subscription thread: render the affected keys that someone watches. */
  void onMessage(Message message, long publishedAtMicros) {
    Set<String> affected;
    try {
      affected = adapter.keysOf(message);
    } catch (RuntimeException e) {
      log.warn("keysOf failed: topic={} message={}", topic, message.id(), e);
      return;
    }
    for (String key : affected) {
      KeyState state = keys.get(key);
      if (state != null) {
        renderer.update(state, message, publishedAtMicros, policy == StreamPolicy.LATEST);
      }
    }
  }

  /** Watched keys, for tests and leak checks. */
  int watchedKeys() {
    return keys.size();
  }
}
