package dev.millrace.sse.internal;

import dev.millrace.sse.StreamPolicy;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;

/**
 * A stream connection of an {@link SseRouter} handler: one or more key watches, the slow-client
 * policy, and the replay writer. Every method runs on the connection's event loop.
 */
final class StreamConnection extends SseConnection {

  private final StreamHandler handler;
  private final boolean replay;
  final KeyWatch[] watches;
  private int active;

  StreamConnection(HttpServerRequest request, Loop loop, StreamHandler handler, int keyCount) {
    super(request, loop, handler.options(), handler.metrics(), RawChunks.of(request));
    this.handler = handler;
    this.replay = handler.policy() == StreamPolicy.REPLAY;
    this.watches = new KeyWatch[keyCount];
    this.active = keyCount;
  }

  /** Registers a watch on its key's loop list; the watch is live from now on. */
  void attach(KeyWatch watch, int index) {
    watches[index] = watch;
    watch.keyLoop.add(watch);
  }

  /**
   * Offers one event of a watched key; returns 1 if it was written now, else 0. A written event is
   * flushed at once, or at the end of the loop's batch (see {@link Flushes}).
   */
  int deliver(KeyWatch watch, FramedEvent event) {
    if (watch.ended || isClosed()) {
      return 0;
    }
    if (!replay) {
      if (watch.pendingLatest != null || !takesWrites()) {
        if (watch.pendingLatest != null) {
          handler.metrics().dropped();
        }
        watch.pendingLatest = event;
        awaitDrain();
        return 0;
      }
      return writeAndFlush(watch, event);
    }
    if (event.sequence() != EncodedEvent.NO_SEQUENCE && event.sequence() <= watch.lastSequence) {
      return 0;
    }
    if (watch.replaying || watch.hasQueued() || !takesWrites()) {
      enqueue(watch, event);
      return 0;
    }
    return writeAndFlush(watch, event);
  }

  /**
   * Holds an event back: while the key replays, up to {@code pendingEvents} per watch, after which
   * the queue is dropped and the replay runs again from where the connection is; else as long as
   * {@link #mayHold} allows, after which the connection is closed as too slow.
   */
  private void enqueue(KeyWatch watch, FramedEvent event) {
    if (watch.queue == null) {
      watch.queue = new ArrayDeque<>();
    }
    int bytes = event.length();
    if (watch.replaying) {
      if (watch.queue.size() >= options.pendingEvents() || !roomFor(bytes)) {
        watch.overflowed = true;
        dropQueue(watch);
        return;
      }
    } else if (!mayHold(bytes)) {
      onTooSlow();
      return;
    }
    watch.queue.add(event);
    hold(bytes);
    if (!watch.replaying) {
      awaitDrain();
    }
  }

  private void dropQueue(KeyWatch watch) {
    if (watch.queue != null) {
      for (FramedEvent dropped : watch.queue) {
        release(dropped.length());
      }
      watch.queue.clear();
    }
  }

  private int writeAndFlush(KeyWatch watch, FramedEvent event) {
    writeEvent(watch, event);
    flush();
    return 1;
  }

  private int writeEvent(KeyWatch watch, FramedEvent event) {
    send(event);
    if (event.sequence() != EncodedEvent.NO_SEQUENCE) {
      watch.lastSequence = event.sequence();
    }
    if (event.endsStream()) {
      endWatch(watch);
    }
    return 1;
  }

  /**
   * Writes as much of the watch's backlog as the write queue takes, unflushed; true when all
   * written.
   */
  private boolean writeBacklog(KeyWatch watch) {
    int writes = 0;
    long bytes = 0;
    if (watch.pendingLatest != null && !watch.ended && writable()) {
      FramedEvent event = watch.pendingLatest;
      watch.pendingLatest = null;
      writes += writeEvent(watch, event);
      bytes += event.length();
    }
    ReplayPage page = watch.page;
    while (page != null && page.next < page.events.length && !watch.ended && writable()) {
      FramedEvent event = page.events[page.next++];
      if (event.sequence() == EncodedEvent.NO_SEQUENCE || event.sequence() > watch.lastSequence) {
        writes += writeEvent(watch, event);
        bytes += event.length();
      }
    }
    if (page != null && (page.next == page.events.length || watch.ended || isClosed())) {
      watch.page = null;
      page.written.complete(!watch.ended && !isClosed());
    }
    while (!watch.replaying && watch.hasQueued() && !watch.ended && writable()) {
      FramedEvent event = watch.queue.poll();
      release(event.length());
      if (event.sequence() == EncodedEvent.NO_SEQUENCE || event.sequence() > watch.lastSequence) {
        writes += writeEvent(watch, event);
        bytes += event.length();
      }
    }
    handler.metrics().delivered(writes, bytes);
    return watch.ended
        || (watch.pendingLatest == null
            && watch.page == null
            && (watch.replaying || !watch.hasQueued()));
  }

  /** Starts writing a replayed page; its future completes once it is all in the write queue. */
  void writePage(KeyWatch watch, ReplayPage page) {
    if (isClosed() || watch.ended) {
      page.written.complete(false);
      return;
    }
    watch.page = page;
    writeBacklogAndFlush(watch);
  }

  /**
   * The store replay found nothing more. Returns false if live events were lost from the queue
   * meanwhile, so the caller replays again from {@link KeyWatch#lastSequence}.
   */
  boolean finishReplay(KeyWatch watch) {
    if (watch.overflowed) {
      watch.overflowed = false;
      return false;
    }
    watch.replaying = false;
    writeBacklogAndFlush(watch);
    return true;
  }

  /**
   * Writes the watch's backlog, then flushes; what the write queue did not take waits for its
   * drain, asked for before the flush, which may be what signals it.
   */
  private void writeBacklogAndFlush(KeyWatch watch) {
    if (!writeBacklog(watch)) {
      awaitDrain();
    }
    flush();
  }

  @Override
  void onDrain() {
    boolean done = true;
    for (KeyWatch watch : watches) {
      if (watch != null && !isClosed()) {
        done &= writeBacklog(watch);
      }
    }
    if (!done && !isClosed()) {
      awaitDrain();
    }
    flush();
  }

  @Override
  void onTooSlow() {
    handler.metrics().slowClose();
    abort();
  }

  private void endWatch(KeyWatch watch) {
    watch.ended = true;
    // Whatever followed the end is never written.
    dropQueue(watch);
    handler.leave(watch);
    if (--active == 0) {
      end();
    }
  }

  @Override
  void onClosed() {
    for (KeyWatch watch : watches) {
      if (watch != null) {
        if (watch.page != null) {
          watch.page.written.complete(false);
          watch.page = null;
        }
        if (!watch.ended) {
          watch.ended = true;
          handler.leave(watch);
        }
      }
    }
    handler.closed(this);
  }
}
