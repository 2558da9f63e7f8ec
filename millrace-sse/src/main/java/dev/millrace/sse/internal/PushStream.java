package dev.millrace.sse.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * An event stream fed with {@link FramedEvent}s that were encoded and framed once for every
 * connection: the building block of endpoints that fan one event out to many streams without a
 * {@code StreamAdapter} (such as a Mercure hub). Made by {@link PushEngine#open}.
 *
 * <p>Events carry increasing sequences: one whose sequence is not above {@link #lastSequence()} is
 * skipped, so an event that reaches the stream twice (history, then live) is written once. Plain
 * HTTP/1.1 streams write pre-framed chunks below the HTTP encoder, flushed at once or, when the
 * loop delivers several events in one pass, once at the end of the pass (see {@link Flushes}).
 * Events the write queue cannot take wait in a bounded queue, with the slow-client rule of the
 * stream router ({@link SseConnection#mayHold}): once the stream is judged too slow, or its write
 * queue stays full without draining for the stall timeout, the connection is closed and the client
 * resumes with {@code Last-Event-ID}. Every method runs on the stream's event loop.
 */
public final class PushStream extends SseConnection {

  private final PushEngine engine;
  private final Consumer<PushStream> onClosed;
  private long lastSequence;
  private ArrayDeque<FramedEvent> queue;

  /** What the owner of the stream keeps with it; never read by the engine. */
  public Object attachment;

  PushStream(
      HttpServerRequest request, Loop loop, PushEngine engine, Consumer<PushStream> onClosed) {
    super(request, loop, engine.options(), engine.metrics(), RawChunks.of(request));
    this.engine = engine;
    this.onClosed = onClosed;
  }

  /** The event loop of the stream. */
  public Loop loop() {
    return loop;
  }

  /** The sequence of the last event written or queued. */
  public long lastSequence() {
    return lastSequence;
  }

  /** Skips every event up to this sequence (those the stream starts after). */
  public void startAfter(long sequence) {
    lastSequence = Math.max(lastSequence, sequence);
  }

  public boolean closed() {
    return isClosed();
  }

  /** Writes a batch (events the client missed) in one write, then flushes. */
  public void replay(List<FramedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    if (!writable()) {
      Flushes flushes = loop.flushes();
      flushes.begin();
      try {
        events.forEach(this::deliver);
      } finally {
        flushes.end();
      }
      return;
    }
    Buffer batch = writesRaw() ? null : Buffer.buffer();
    int writes = 0;
    long bytes = 0;
    for (FramedEvent event : events) {
      if (event.sequence() > lastSequence) {
        if (batch == null) {
          send(event);
        } else {
          batch.appendBuffer(event.encoded().bytes());
        }
        lastSequence = event.sequence();
        writes++;
        bytes += event.length();
      }
    }
    if (batch != null && batch.length() > 0) {
      write(batch);
    }
    flush();
    engine.metrics().delivered(writes, bytes);
  }

  /**
   * Offers one event; returns 1 if it was written now, else 0. A written event is flushed at once,
   * or at the end of the loop's pass when the pass delivers more events (see {@link Flushes}).
   */
  public int deliver(FramedEvent event) {
    if (event.sequence() <= lastSequence || isClosed()) {
      return 0;
    }
    lastSequence = event.sequence();
    if (queue == null && takesWrites()) {
      send(event);
      flush();
      return 1;
    }
    if (queue == null) {
      queue = new ArrayDeque<>();
    }
    int bytes = event.chunk().readableBytes();
    if (!mayHold(bytes)) {
      onTooSlow();
      return 0;
    }
    queue.add(event);
    hold(bytes);
    awaitDrain();
    return 0;
  }

  /**
   * Writes a frame with only an {@code id}: the client's last event id becomes {@code id} without
   * an event being dispatched, so it resumes from there if the stream breaks before its next event.
   */
  public void writeId(String id) {
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an id must be one line");
    }
    if (!isClosed()) {
      flushNow();
      write(Buffer.buffer("id: " + id + "\n\n"));
    }
  }

  /** Closes with a jittered {@code retry:}; the client resumes from its {@code Last-Event-ID}. */
  public void closeToResume() {
    var drain = engine.options().drain();
    drain(drain.retryMin().toMillis(), drain.retryJitter().toMillis());
  }

  /** Ends the stream gracefully after {@code delayMillis} (an expiring credential, say). */
  public void endAfter(long delayMillis) {
    loop.timer(delayMillis, this::end);
  }

  /** Closes the TCP connection at once. */
  public void close() {
    abort();
  }

  @Override
  void onDrain() {
    int writes = 0;
    long bytes = 0;
    while (queue != null && writable()) {
      FramedEvent event = queue.poll();
      if (event == null) {
        queue = null;
        break;
      }
      release(event.chunk().readableBytes());
      send(event);
      writes++;
      bytes += event.length();
    }
    engine.metrics().delivered(writes, bytes);
    if (queue != null && !isClosed()) {
      if (queue.isEmpty()) {
        queue = null;
      } else {
        awaitDrain();
      }
    }
    flush();
  }

  @Override
  void onTooSlow() {
    engine.metrics().slowClose();
    abort();
  }

  @Override
  void onClosed() {
    queue = null;
    engine.closed(this);
    onClosed.accept(this);
  }
}
