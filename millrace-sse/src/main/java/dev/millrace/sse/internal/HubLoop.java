package dev.millrace.sse.internal;

/** The connections of one hub topic on one event loop. */
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

  void dispatch(EncodedEvent event, SseMetrics metrics) {
    loop.execute(() -> deliver(event, metrics));
  }

  private void deliver(EncodedEvent event, SseMetrics metrics) {
    int writes = 0;
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size()) {
        writes += connections.get(i).deliver(event);
      }
    }
    if (writes > 0) {
      metrics.delivered(writes, (long) writes * event.bytes().length());
      metrics.publishedAt(event.publishedAtMicros());
    }
  }
}
