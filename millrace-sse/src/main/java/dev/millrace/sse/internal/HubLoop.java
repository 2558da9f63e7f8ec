package dev.millrace.sse.internal;

/** The connections of one hub topic on one event loop, written to in one pass per event. */
final class HubLoop {

  final Loop loop;
  private final SlotList<HubConnection> connections =
      new SlotList<>((connection, slot) -> connection.topicSlot = slot);

  /** Connections added; changed under the topic's lock, read by publishers under it too. */
  int count;

  HubLoop(Loop loop) {
    this.loop = loop;
  }

  void add(HubConnection connection) {
    connection.hubLoop = this;
    connections.add(connection);
    count++;
  }

  void remove(HubConnection connection) {
    if (connection.topicSlot >= 0) {
      connections.remove(connection.topicSlot);
      connection.topicSlot = -1;
      count--;
    }
  }

  void dispatch(HubEvent event, SseMetrics metrics) {
    loop.execute(() -> deliver(event, metrics));
  }

  /**
   * Writes and flushes each connection in one pass, while its channel's objects are in the CPU
   * cache: a second pass over thousands of connections would miss the cache again for each one.
   */
  private void deliver(HubEvent event, SseMetrics metrics) {
    int writes = 0;
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size()) {
        HubConnection connection = connections.get(i);
        writes += connection.deliver(event);
        connection.flush();
      }
    }
    if (writes > 0) {
      metrics.delivered(writes, (long) writes * event.length());
      metrics.publishedAt(event.encoded().publishedAtMicros());
    }
  }
}
