package dev.millrace.sse.internal;

import java.util.ArrayDeque;

/** One connection's watch of one key. Touched only on the connection's event loop. */
final class KeyWatch {

  final StreamConnection connection;
  final KeyState state;
  final KeyLoop keyLoop;
  int slot = -1;
  boolean ended;

  /** LATEST: the newest snapshot not yet written because the client is slow. */
  FramedEvent pendingLatest;

  /** REPLAY: the highest sequence written to this connection. */
  long lastSequence = EncodedEvent.NO_SEQUENCE;

  /** REPLAY: replay from the store is in progress; live events wait in {@link #queue}. */
  boolean replaying;

  /** REPLAY: live events were dropped from the queue during the replay; replay again. */
  boolean overflowed;

  /** REPLAY: events waiting for the replay to finish or the write queue to drain. */
  ArrayDeque<FramedEvent> queue;

  /** REPLAY: the replay page being written, and how far. */
  ReplayPage page;

  KeyWatch(StreamConnection connection, KeyState state, KeyLoop keyLoop) {
    this.connection = connection;
    this.state = state;
    this.keyLoop = keyLoop;
  }

  boolean hasQueued() {
    return queue != null && !queue.isEmpty();
  }
}
