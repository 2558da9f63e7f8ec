package dev.millrace.sse.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream. Every method runs on the connection's event loop. Holds only what the hot
 * path needs: the response, its loop and a few flags; events themselves are shared buffers.
 */
abstract class SseConnection {

  private static final Logger log = LoggerFactory.getLogger(SseConnection.class);

  final HttpServerResponse response;
  private final HttpConnection connection;
  final Loop loop;
  int loopSlot = -1;
  private boolean wrote;
  private boolean closed;
  private boolean awaitingDrain;
  private long fullSinceNanos;

  SseConnection(HttpServerRequest request, Loop loop) {
    this.response = request.response();
    this.connection = request.connection();
    this.loop = loop;
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

  /** Writes bytes now, whatever the queue; callers check {@link #writable()} first. */
  final void write(Buffer bytes) {
    wrote = true;
    response.write(bytes);
  }

  /** Notes a write made around the response, so the next sweep skips the heartbeat. */
  final void wrote() {
    wrote = true;
  }

  /** Whether a write now goes straight to the socket's queue without passing the limit. */
  final boolean writable() {
    return !closed && !writeQueueFull();
  }

  /** Whether the connection's write queue is past its limit. */
  boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  /** Asks for {@link #onDrain()} once the write queue has room again. */
  final void awaitDrain() {
    if (!awaitingDrain && !closed) {
      awaitingDrain = true;
      response.drainHandler(
          v -> {
            awaitingDrain = false;
            drained();
          });
    }
  }

  /** Calls {@link #onDrain()} once the connection takes writes again. */
  void awaitWritable() {
    awaitDrain();
  }

  /** The write queue had room again: the stall clock restarts, and what is pending is written. */
  final void drained() {
    fullSinceNanos = 0;
    if (!closed) {
      onDrain();
    }
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
      if (fullSinceNanos == 0) {
        fullSinceNanos = nowNanos;
        // A busy but healthy client can look full at every sweep: any drain in between restarts
        // the clock, so only a queue that stays full for the whole timeout counts as a stall.
        awaitWritable();
      } else if (nowNanos - fullSinceNanos > stallNanos) {
        onStalled();
      }
      return;
    }
    fullSinceNanos = 0;
    if (!wrote) {
      response.write(SseEncoder.HEARTBEAT);
    }
    wrote = false;
  }

  /** The write queue stayed full longer than the stall timeout. */
  abstract void onStalled();

  private void closed() {
    if (!closed) {
      closed = true;
      loop.remove(this);
      onClosed();
    }
  }
}
