package dev.millrace.sse.internal;

import java.util.ArrayList;

/**
 * When one event loop flushes its connections' raw writes. A connection asks once it has written
 * what a task had for it ({@link SseConnection#flush()}). Outside a batch it is flushed at once, so
 * a lone event is written and flushed in one go; within a batch, every connection that asked is
 * flushed once, when the batch ends, in the order they first asked. A flush is one send (a {@code
 * writev}, or an io_uring submission), so a connection that gets several events in a batch pays for
 * one. Batches are a pass over the loop's hand-off queue that found more than one task ({@link
 * Handoff}), and a task that writes several events to each connection; they nest, and the outermost
 * one flushes. On the loop only.
 *
 * <p>Netty's {@code FlushConsolidationHandler} would do it per channel: a handler in every
 * connection's pipeline (memory per idle connection, a hop on every write and flush) and, outside a
 * read, a task per connection to flush later, which also defers a lone event's flush. The loop
 * knows where its passes end, so one list per loop does it.
 */
final class Flushes {

  private final ArrayList<SseConnection> asked = new ArrayList<>();
  private int depth;

  /** Starts a batch: flushes wait for its {@link #end()}. */
  void begin() {
    depth++;
  }

  /** Ends a batch; the outermost flushes every connection that asked during it. */
  void end() {
    if (--depth > 0) {
      return;
    }
    // A flush may run drain callbacks that write and ask again: outside the batch now, they are
    // flushed at once, and the list does not grow while it is walked.
    for (int i = 0; i < asked.size(); i++) {
      SseConnection connection = asked.get(i);
      connection.flushAsked = false;
      connection.flushNow();
    }
    asked.clear();
  }

  /** Flushes the connection now, or at the end of the batch. */
  void ask(SseConnection connection) {
    if (depth == 0) {
      connection.flushNow();
    } else if (!connection.flushAsked) {
      connection.flushAsked = true;
      asked.add(connection);
    }
  }
}
