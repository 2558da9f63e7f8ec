package dev.millrace.sse.internal;

import dev.millrace.sse.SseOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The event loops, heartbeats, metrics, drain and close of one endpoint made of {@link
 * PushStream}s. The endpoint decides what each stream receives; the engine writes it, with the same
 * slow-client rule and bounded hand-off per event loop as the stream router. Thread-safe.
 */
public final class PushEngine {

  private final Vertx vertx;
  private final SseOptions options;
  private final SseMetrics metrics;
  private final LoopRegistry loops;
  private final Buffer openingBytes;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean draining;
  private volatile boolean closed;
  private Future<Void> drained;

  public PushEngine(Vertx vertx, SseMetrics metrics, SseOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.options = Objects.requireNonNull(options, "options");
    this.loops = new LoopRegistry(options);
    this.openingBytes =
        options.retry() == null
            ? SseEncoder.comment("")
            : SseEncoder.shared(SseEncoder.retry(options.retry().toMillis()).getBytes());
  }

  /** The loop of the calling event-loop thread (made on first use). */
  public Loop currentLoop() {
    return loops.current(vertx);
  }

  /** Every loop that has served a stream so far. */
  public Collection<Loop> loops() {
    return loops.all();
  }

  /**
   * Starts an event stream on the calling event loop: status 200, the SSE headers (set any other
   * header before), the opening bytes. {@code onClosed} runs once, on the loop, when it closes.
   */
  public PushStream open(HttpServerRequest request, Consumer<PushStream> onClosed) {
    HttpAnswers.startStream(request.response(), options.writeQueueBytes());
    var stream = new PushStream(request, currentLoop(), this, onClosed);
    stream.open();
    request.response().write(openingBytes);
    connections.incrementAndGet();
    metrics.connections().incrementAndGet();
    return stream;
  }

  void closed(PushStream stream) {
    connections.decrementAndGet();
    metrics.connections().decrementAndGet();
  }

  /** Whether new streams are refused (a drain or close began). */
  public boolean draining() {
    return draining;
  }

  /** Answers a stream request during a drain: a jittered {@code retry:}, then closed. */
  public void refuseWhileDraining(HttpServerRequest request) {
    HttpAnswers.drainingAnswer(request, options.drain(), true);
  }

  public SseOptions options() {
    return options;
  }

  public SseMetrics metrics() {
    return metrics;
  }

  /** Open streams. */
  public int connections() {
    return connections.get();
  }

  /** Streams registered on the event loops, for leak checks. */
  public int registeredConnections() {
    return loops.all().stream().mapToInt(Loop::size).sum();
  }

  /** Closes every stream gradually, each told to come back after a jittered {@code retry:}. */
  public synchronized Future<Void> drain() {
    if (drained == null) {
      draining = true;
      drained = Drainer.drain(List.copyOf(loops.all()), options.drain());
    }
    return drained;
  }

  /** Closes every stream at once. Idempotent. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    draining = true;
    for (Loop loop : loops.all()) {
      loop.handoff().stop();
      loop.execute(
          () -> {
            loop.abortAll();
            loop.stop();
          });
    }
  }
}
