package dev.millrace.sse.internal;

import dev.millrace.sse.SseOptions;
import io.netty.channel.Channel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.VertxConnection;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream. Every method runs on the connection's event loop. Holds only what the hot
 * path needs: the response, its loop and a few flags; events themselves are shared buffers.
 *
 * <p>The slow-client rule lives here: a connection is judged by whether its outbound buffer drains
 * (becomes writable, or shrinks because the socket took some of its bytes), never by one look at
 * its writability, which stays off for long stretches under a burst even for a fast reader
 * (io_uring keeps written bytes in the buffer until the kernel reports them sent). Events held back
 * beyond the write queue are counted here ({@link #hold}, {@link #release}); see {@link #mayHold}
 * for the limits.
 */
abstract class SseConnection {

  private static final Logger log = LoggerFactory.getLogger(SseConnection.class);

  /** What a held event costs beyond its bytes: its objects and queue slot, rounded up. */
  static final int HELD_EVENT_OVERHEAD = 128;

  final HttpServerResponse response;
  private final HttpConnection connection;

  /** The connection's own channel (HTTP/1.x), or null when streams share one. */
  private final Channel channel;

  /** Writes pre-framed chunks below the HTTP encoder, or null: events go through the response. */
  private final RawChunks raw;

  final Loop loop;
  final SseOptions options;
  private final SseMetrics metrics;
  int loopSlot = -1;

  /** Whether the connection waits in its loop's {@link Flushes} for the end of a batch. */
  boolean flushAsked;

  private boolean wrote;
  private boolean closed;
  private boolean awaitingDrain;
  private boolean watching;
  private boolean inDrain;
  private boolean drainAgain;
  private boolean watchdog;
  private int heldEvents;
  private long heldBytes;

  /** When the outbound buffer was last seen draining; 0 when it was not full at the last check. */
  private long drainedAtNanos;

  /** What {@link #outboundBytes()} was at the last check. */
  private long outboundSeen;

  /**
   * A connection on {@code loop}; {@code raw} is how its events are written below the HTTP encoder
   * (see {@link RawChunks#of}), or null to write them through the response.
   */
  SseConnection(
      HttpServerRequest request, Loop loop, SseOptions options, SseMetrics metrics, RawChunks raw) {
    this.response = request.response();
    this.raw = raw;
    this.connection = request.connection();
    boolean http1 =
        request.version() == HttpVersion.HTTP_1_1 || request.version() == HttpVersion.HTTP_1_0;
    this.channel = http1 && connection instanceof VertxConnection own ? own.channel() : null;
    this.loop = loop;
    this.options = options;
    this.metrics = metrics;
  }

  /** Registers on the loop and wires the close handlers; call once, on the loop. */
  final void open() {
    loop.add(this);
    response.closeHandler(v -> closed());
    response.exceptionHandler(
        e -> {
          log.debug("stream connection failed, closing it: {}", e.toString());
          abort();
        });
    response.endHandler(v -> closed());
  }

  final boolean isClosed() {
    return closed;
  }

  /**
   * Writes bytes through the response now, whatever the queue; callers check {@link #writable()}.
   */
  final void write(Buffer bytes) {
    wrote = true;
    response.write(bytes);
  }

  /**
   * Writes one event now, whatever the queue; callers check {@link #writable()} or {@link
   * #takesWrites()} first. A raw write waits for {@link #flush()}; a write through the response is
   * flushed by the response.
   */
  final void send(FramedEvent event) {
    wrote = true;
    if (raw == null) {
      response.write(event.encoded().bytes());
    } else {
      raw.write(event.chunk());
    }
  }

  /** Whether events are written below the HTTP encoder, as pre-framed chunks. */
  final boolean writesRaw() {
    return raw != null;
  }

  /**
   * Asks for the raw writes made so far to be flushed: at once, or at the end of the loop's batch
   * when one runs (see {@link Flushes}). Called once a task has written what it had for the
   * connection.
   */
  final void flush() {
    if (raw != null && raw.unflushed() && !closed) {
      loop.flushes().ask(this);
    }
  }

  /** Flushes the raw writes made since the last flush, if any, now. */
  final void flushNow() {
    if (raw != null && !closed && raw.flush()) {
      metrics.flushed();
    }
  }

  /** Whether a write now goes straight to the socket's queue without passing the limit. */
  final boolean writable() {
    return !closed && !writeQueueFull();
  }

  /**
   * Like {@link #writable()}, but when the write queue is full and holds writes that wait for the
   * end of a batch, flushes them first and looks again. So an event is held back, and the
   * slow-client rule counts it, only for bytes the socket did not take, as when every event was
   * flushed on its own. May run {@link #onDrain()} (the flush can make the channel writable); call
   * it only where that cannot reorder the events it guards.
   */
  final boolean takesWrites() {
    if (!closed && raw != null && raw.unflushed() && writeQueueFull()) {
      flushNow();
    }
    return writable();
  }

  /**
   * Whether the connection's write queue is past its limit. Vert.x's own write-queue state does not
   * see raw writes, so the channel's writability counts too.
   */
  final boolean writeQueueFull() {
    return (raw != null && !raw.writable()) || response.writeQueueFull();
  }

  /**
   * Asks for {@link #onDrain()} once the write queue has room again: from the response, and for raw
   * writes from the channel too.
   */
  final void awaitDrain() {
    if (closed) {
      return;
    }
    if (!awaitingDrain) {
      awaitingDrain = true;
      response.drainHandler(
          v -> {
            awaitingDrain = false;
            drained();
          });
    }
    if (raw != null && !watching) {
      watching = true;
      raw.watch(this::drained);
    }
  }

  /**
   * The write queue had room again: the stall clock restarts, and what is pending is written. When
   * {@link #onDrain()}'s own flush signals room again, it runs once more after it returns instead
   * of within itself, so a long backlog is written in a loop, not a recursion.
   */
  final void drained() {
    drainedAtNanos = System.nanoTime();
    outboundSeen = 0;
    if (inDrain) {
      drainAgain = true;
      return;
    }
    inDrain = true;
    try {
      do {
        drainAgain = false;
        if (!closed) {
          onDrain();
        }
      } while (drainAgain && !closed);
    } finally {
      inDrain = false;
    }
  }

  /**
   * Whether the connection may hold back one more event of {@code bytes} beyond its write queue. No
   * when that would pass {@link SseOptions#pendingBytes()}, the cap that bounds its memory whatever
   * its pace; nor when it already holds {@link SseOptions#pendingEvents()} and its outbound buffer
   * has not drained for {@link SseOptions#pendingGrace()}. Below {@code pendingEvents} it always
   * may. Past it, a watchdog looks again every half grace period while the backlog lasts, so a
   * reader that stops is closed even when no more events come. On no, the caller closes the
   * connection ({@link #onTooSlow()}).
   */
  final boolean mayHold(int bytes) {
    if (!roomFor(bytes)) {
      return false;
    }
    if (heldEvents < options.pendingEvents()) {
      return true;
    }
    if (undrainedNanos(System.nanoTime()) > options.pendingGrace().toNanos()) {
      return false;
    }
    armWatchdog();
    return true;
  }

  /** Whether an event of {@code bytes} fits under {@link SseOptions#pendingBytes()}. */
  final boolean roomFor(int bytes) {
    return heldBytes + bytes + HELD_EVENT_OVERHEAD <= options.pendingBytes();
  }

  /** Counts an event of {@code bytes} now held back beyond the write queue. */
  final void hold(int bytes) {
    heldEvents++;
    heldBytes += bytes + HELD_EVENT_OVERHEAD;
  }

  /** Counts a held event of {@code bytes} written or dropped. */
  final void release(int bytes) {
    heldEvents--;
    heldBytes -= bytes + HELD_EVENT_OVERHEAD;
  }

  private void armWatchdog() {
    if (!watchdog) {
      watchdog = true;
      loop.timer(options.pendingGrace().toMillis() / 2, this::watchBacklog);
    }
  }

  private void watchBacklog() {
    watchdog = false;
    if (closed || heldEvents <= options.pendingEvents()) {
      return;
    }
    if (undrainedNanos(System.nanoTime()) > options.pendingGrace().toNanos()) {
      onTooSlow();
    } else {
      armWatchdog();
    }
  }

  /**
   * How long the outbound buffer has been full without draining, as far as the checks and drain
   * events saw: 0 when it is not full, else the time since the last drain event, the first check
   * that found it full, or the last check that found it smaller than the one before, whichever is
   * latest. Checks are made by the sweep, by {@link #mayHold} past {@code pendingEvents} and by its
   * watchdog.
   */
  private long undrainedNanos(long nowNanos) {
    long outbound = outboundBytes();
    if (outbound == 0) {
      drainedAtNanos = 0;
      return 0;
    }
    if (drainedAtNanos == 0 || outbound < outboundSeen) {
      drainedAtNanos = nowNanos;
    }
    outboundSeen = outbound;
    return nowNanos - drainedAtNanos;
  }

  /**
   * Bytes the channel must send before it takes writes again: 0 when it takes them now. Without a
   * channel of its own, 1 while the write queue is full: only drain events then show progress.
   */
  private long outboundBytes() {
    if (channel != null) {
      return channel.bytesBeforeWritable();
    }
    return writeQueueFull() ? 1 : 0;
  }

  /** The write queue has room again: flush what is pending. */
  abstract void onDrain();

  /** Releases the connection's state; called exactly once, on the loop. */
  abstract void onClosed();

  /** Ends the response gracefully (a last event was written, or a drain). */
  final void end() {
    if (!closed) {
      response.end();
      closed();
    }
  }

  /** Closes the TCP connection: the client is too slow or gone. */
  final void abort() {
    if (!closed) {
      response.reset();
      closed();
    }
  }

  /** Sends a jittered reconnection delay, then ends the stream. */
  final void drain(long retryMinMillis, long retryJitterMillis) {
    if (!closed) {
      long jitter =
          retryJitterMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(retryJitterMillis + 1);
      response.write(SseEncoder.retry(retryMinMillis + jitter));
      // Close the TCP connection too, so the client reconnects through the load balancer.
      response.end().onComplete(done -> connection.close());
      closed();
    }
  }

  /** Heartbeat and stall check, from the loop's sweep. */
  final void sweep(long nowNanos, long stallNanos) {
    if (closed) {
      return;
    }
    if (writeQueueFull()) {
      // A busy but healthy client can look full at every sweep: any drain in between restarts
      // the clock, so only a queue that neither empties nor shrinks for the whole timeout counts
      // as a stall.
      awaitDrain();
      if (undrainedNanos(nowNanos) > stallNanos) {
        onTooSlow();
      }
      return;
    }
    drainedAtNanos = 0;
    if (!wrote) {
      response.write(SseEncoder.HEARTBEAT);
    }
    wrote = false;
  }

  /**
   * The connection is too slow: its write queue stayed full without draining for the stall timeout,
   * or its backlog passed the limits of {@link #mayHold}. Closes it, as a slow close.
   */
  abstract void onTooSlow();

  private void closed() {
    if (!closed) {
      closed = true;
      loop.remove(this);
      if (watching) {
        watching = false;
        raw.unwatch();
      }
      onClosed();
    }
  }
}
