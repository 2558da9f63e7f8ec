package dev.millrace.sse.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A hub subscriber: one topic, the last sequence written, and a bounded queue used only while the
 * client is slow. Every method runs on the connection's event loop.
 */
final class HubConnection extends SseConnection {

  private final DefaultSseHub hub;
  final HubTopic topic;
  HubLoop hubLoop;
  int topicSlot = -1;
  long lastSequence;
  private ArrayDeque<EncodedEvent> queue;

  HubConnection(HttpServerRequest request, Loop loop, DefaultSseHub hub, HubTopic topic) {
    super(request, loop);
    this.hub = hub;
    this.topic = topic;
  }

  /** Writes the events missed before joining in one write; the live ones follow. */
  void replay(List<EncodedEvent> missed) {
    if (missed.isEmpty() || !writable()) {
      missed.forEach(this::deliver);
      return;
    }
    Buffer batch = Buffer.buffer();
    int writes = 0;
    for (EncodedEvent event : missed) {
      if (event.sequence() > lastSequence) {
        batch.appendBuffer(event.bytes());
        lastSequence = event.sequence();
        writes++;
      }
    }
    write(batch);
    hub.metrics().delivered(writes, batch.length());
  }

  /** Offers one event; returns 1 if it was written now, else 0. */
  int deliver(EncodedEvent event) {
    if (event.sequence() <= lastSequence || isClosed()) {
      return 0;
    }
    lastSequence = event.sequence();
    if (queue == null && writable()) {
      write(event.bytes());
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
    awaitDrain();
    return 0;
  }

  @Override
  void onDrain() {
    int writes = 0;
    long bytes = 0;
    while (queue != null && writable()) {
      EncodedEvent event = queue.poll();
      if (event == null) {
        queue = null;
        break;
      }
      write(event.bytes());
      writes++;
      bytes += event.bytes().length();
    }
    hub.metrics().delivered(writes, bytes);
    if (queue != null && !isClosed()) {
      if (queue.isEmpty()) {
        queue = null;
      } else {
        awaitDrain();
      }
    }
  }

  @Override
  void onStalled() {
    hub.metrics().slowClose();
    abort();
  }

  @Override
  void onClosed() {
    queue = null;
    hub.left(this);
  }
}
