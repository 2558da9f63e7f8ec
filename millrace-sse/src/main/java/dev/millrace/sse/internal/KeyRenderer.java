package dev.millrace.sse.internal;

import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.StreamAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders keys on their lanes: once per key per update, encoded once. State streams coalesce: an
 * update that arrives while another is still queued for the key is folded into it, and a render
 * comes at least {@link SseOptions#minRenderInterval()} after the key's previous one (the queued
 * render waits on the key's lane, while later updates fold into it), so a key that changes a
 * thousand times a second still renders and writes at a bounded rate.
 *
 * <p>A render that throws is tried again ({@link SseOptions#renderAttempts()}, with a doubling
 * {@link SseOptions#renderBackoff()}) on the key's lane, so later updates of the key wait for it.
 * When every attempt fails, the key's cached snapshot is dropped (no new connection is ever served
 * it as current) and every connection watching the key is closed with a jittered {@code retry:}:
 * its client resumes from {@code Last-Event-ID} or gets a fresh snapshot. Never a silent gap.
 */
final class KeyRenderer {

  private static final Logger log = LoggerFactory.getLogger(KeyRenderer.class);

  private final StreamAdapter adapter;
  private final SseMetrics metrics;
  private final Semaphore permits;
  private final SseOptions options;

  KeyRenderer(StreamAdapter adapter, SseMetrics metrics, Semaphore permits, SseOptions options) {
    this.adapter = adapter;
    this.metrics = metrics;
    this.permits = permits;
    this.options = options;
  }

  /**
   * The key's current snapshot: the cached one, or a fresh render. Runs on the key's lane.
   *
   * @throws RuntimeException the render's failure, once every attempt failed (counted and logged)
   */
  FramedEvent snapshot(KeyState state) {
    FramedEvent snapshot = state.latest;
    if (snapshot == null) {
      SseEvent event =
          attempt(
              state,
              "snapshot",
              () -> Objects.requireNonNull(adapter.render(state.key), "render() returned null"));
      metrics.rendered(1);
      snapshot = FramedEvent.of(event, 0);
      state.latest = snapshot;
    }
    return snapshot;
  }

  /**
   * Queues a render of the key for this message. Blocks the calling subscription thread while too
   * many renders are queued, which pushes back on the upstream instead of queueing without bound.
   */
  void update(KeyState state, Message message, long publishedAtMicros, boolean coalesce) {
    if (coalesce) {
      state.lastMessage = message;
      if (!state.updateQueued.compareAndSet(false, true)) {
        return;
      }
    }
    permits.acquireUninterruptibly();
    try {
      state.lane.submit(
          () -> {
            try {
              Message latest = message;
              if (coalesce) {
                awaitRenderInterval(state);
                state.updateQueued.set(false);
                latest = state.lastMessage;
                state.lastUpdateRenderNanos = System.nanoTime();
              }
              render(state, latest, publishedAtMicros, coalesce);
            } finally {
              permits.release();
            }
          });
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Waits, on the key's lane, until the key's previous render is the minimum interval old. */
  private void awaitRenderInterval(KeyState state) {
    long previous = state.lastUpdateRenderNanos;
    long interval = options.minRenderInterval().toNanos();
    if (previous == 0 || interval == 0) {
      return;
    }
    long wait = previous + interval - System.nanoTime();
    if (wait > 0) {
      metrics.renderDeferred();
      pause(Duration.ofNanos(wait).toMillis() + 1);
    }
  }

  private void render(KeyState state, Message message, long publishedAtMicros, boolean latest) {
    List<SseEvent> events;
    try {
      events = attempt(state, message.id(), () -> adapter.render(state.key, message));
    } catch (RuntimeException e) {
      if (latest) {
        state.latest = null;
      }
      state.fail(options.drain(), metrics);
      return;
    }
    if (events == null || events.isEmpty()) {
      return;
    }
    var encoded = new FramedEvent[events.size()];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = FramedEvent.of(events.get(i), publishedAtMicros);
    }
    metrics.rendered(encoded.length);
    if (latest) {
      state.latest = encoded[encoded.length - 1];
    }
    state.dispatch(encoded, metrics);
  }

  /** Calls {@code render} until it succeeds or the attempts run out; then counts and logs. */
  private <T> T attempt(KeyState state, String message, Supplier<T> render) {
    long backoffMillis = options.renderBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return render.get();
      } catch (RuntimeException e) {
        if (attempt >= options.renderAttempts() || !pause(backoffMillis)) {
          metrics.renderFailed();
          log.warn(
              "render failed on every attempt, closing the connections waiting for it:"
                  + " handler={} key={} message={} attempts={}",
              metrics.handler(),
              state.key,
              message,
              attempt,
              e);
          throw e;
        }
        log.debug(
            "render failed, trying again: handler={} key={} attempt={} error={}",
            metrics.handler(),
            state.key,
            attempt,
            e.toString());
        backoffMillis *= 2;
      }
    }
  }

  /** Sleeps on the lane's virtual thread; false if interrupted (the router is closing). */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
