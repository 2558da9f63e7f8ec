package dev.millrace.sse.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A hub subscriber: one topic, the last sequence written, and a bounded queue used only while the
 * client is slow. Plain HTTP/1.1 streams write pre-framed chunks below the HTTP encoder; their
 * {@link HubLoop} flushes each right after its write, and a replay or a drain flushes once after
 * all its events. Every method runs on the connection's event loop.
 */
final class HubConnection extends SseConnection {

  private final DefaultSseHub hub;
  private final RawChunks raw;

  /** Set by {@link HubTopic#join}; null until then. */
  HubTopic topic;

  HubLoop hubLoop;
  int topicSlot = -1;
  long lastSequence;
  private boolean unflushed;
  private boolean watching;
  private ArrayDeque<HubEvent> queue;

  HubConnection(HttpServerRequest request, Loop loop, DefaultSseHub hub) {
    super(request, loop);
    this.hub = hub;
    this.raw = RawChunks.of(request);
  }

  /**
   * Writes what the join asked for in one batch: a {@code reset}, or the events missed before
   * joining; the live ones follow.
   */
  void replay(HubTopic.Joined joined) {
    if (joined.reset() != null) {
      send(joined.reset());
      flush();
      hub.metrics().delivered(1, joined.reset().length());
    }
    List<HubEvent> missed = joined.missed();
    if (missed.isEmpty() || !writable()) {
      missed.forEach(this::deliver);
      flush();
      return;
    }
    Buffer batch = raw == null ? Buffer.buffer() : null;
    int writes = 0;
    long bytes = 0;
    for (HubEvent event : missed) {
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
    if (batch != null) {
      write(batch);
    }
    flush();
    hub.metrics().delivered(writes, bytes);
  }

  /**
   * Offers one event; returns 1 if it was written now, else 0. A raw write is not flushed: the
   * caller calls {@link #flush()} after its batch.
   */
  int deliver(HubEvent event) {
    if (event.sequence() <= lastSequence || isClosed()) {
      return 0;
    }
    if (event.sequence() != lastSequence + 1) {
      // An event never reached this loop (see HubLoop#dispatch): resume rather than skip it.
      closeToResume();
      return 0;
    }
    lastSequence = event.sequence();
    if (queue == null && writable()) {
      send(event);
      return 1;
    }
    if (queue == null) {
      queue = new ArrayDeque<>();
    }
    if (queue.size() >= hub.options().sse().pendingEvents()) {
      hub.metrics().slowClose();
      abort();
      return 0;
    }
    queue.add(event);
    awaitWritable();
    return 0;
  }

  /** Flushes the raw writes made since the last flush, if any. */
  void flush() {
    if (unflushed) {
      unflushed = false;
      if (!isClosed()) {
        raw.flush();
      }
    }
  }

  private void send(HubEvent event) {
    if (raw == null) {
      write(event.encoded().bytes());
    } else {
      wrote();
      raw.write(event.chunk());
      unflushed = true;
    }
  }

  @Override
  void onDrain() {
    int writes = 0;
    long bytes = 0;
    while (queue != null && writable()) {
      HubEvent event = queue.poll();
      if (event == null) {
        queue = null;
        break;
      }
      send(event);
      writes++;
      bytes += event.length();
    }
    flush();
    hub.metrics().delivered(writes, bytes);
    if (queue != null && !isClosed()) {
      if (queue.isEmpty()) {
        queue = null;
      } else {
        awaitWritable();
      }
    }
  }

  @Override
  boolean writeQueueFull() {
    return (raw != null && !raw.writable()) || response.writeQueueFull();
  }

  /** Raw writes need the channel's own signal, as well as the response's. */
  @Override
  void awaitWritable() {
    awaitDrain();
    if (raw != null && !watching && !isClosed()) {
      watching = true;
      raw.watch(this::drained);
    }
  }

  /** Closes with a jittered {@code retry:}; the client resumes from its {@code Last-Event-ID}. */
  void closeToResume() {
    var drain = hub.options().sse().drain();
    drain(drain.retryMin().toMillis(), drain.retryJitter().toMillis());
  }

  @Override
  void onStalled() {
    hub.metrics().slowClose();
    abort();
  }

  @Override
  void onClosed() {
    queue = null;
    if (watching) {
      watching = false;
      raw.unwatch();
    }
    hub.left(this);
  }
}
