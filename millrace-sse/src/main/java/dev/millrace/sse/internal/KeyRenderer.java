package dev.millrace.sse.internal;

import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders keys on their lanes: once per key per update, encoded once. State streams coalesce: an
 * update that arrives while another is still queued for the key is folded into it.
 */
final class KeyRenderer {

  private static final Logger log = LoggerFactory.getLogger(KeyRenderer.class);

  private final StreamAdapter adapter;
  private final SseMetrics metrics;
  private final Semaphore permits;

  KeyRenderer(StreamAdapter adapter, SseMetrics metrics, Semaphore permits) {
    this.adapter = adapter;
    this.metrics = metrics;
    this.permits = permits;
  }

  /** The key's current snapshot: the cached one, or a fresh render. Runs on the key's lane. */
  EncodedEvent snapshot(KeyState state) {
    EncodedEvent snapshot = state.latest;
    if (snapshot == null) {
      SseEvent event = Objects.requireNonNull(adapter.render(state.key), "render() returned null");
      metrics.rendered(1);
      snapshot = EncodedEvent.of(event, 0);
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
                state.updateQueued.set(false);
                latest = state.lastMessage;
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

  private void render(KeyState state, Message message, long publishedAtMicros, boolean latest) {
    List<SseEvent> events;
    try {
      events = adapter.render(state.key, message);
    } catch (RuntimeException e) {
      log.warn("render failed: key={} message={}", state.key, message.id(), e);
      return;
    }
    if (events == null || events.isEmpty()) {
      return;
    }
    var encoded = new EncodedEvent[events.size()];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = EncodedEvent.of(events.get(i), publishedAtMicros);
    }
    metrics.rendered(encoded.length);
    if (latest) {
      state.latest = encoded[encoded.length - 1];
    }
    state.dispatch(encoded, metrics);
  }
}
