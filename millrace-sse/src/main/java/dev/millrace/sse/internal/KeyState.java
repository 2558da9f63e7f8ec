package dev.millrace.sse.internal;

import dev.millrace.sse.DrainOptions;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One watched key of one stream handler: its render lane, its latest snapshot and its watchers per
 * event loop. Exists while at least one connection watches the key.
 */
final class KeyState {

  final String key;
  final SerialLane lane;
  final AtomicInteger watchers = new AtomicInteger();
  final AtomicBoolean updateQueued = new AtomicBoolean();
  volatile FramedEvent latest;
  volatile dev.millrace.core.Message lastMessage;

  /** When the key's last update render started ({@link System#nanoTime()}), 0 before the first. */
  volatile long lastUpdateRenderNanos;

  private volatile KeyLoop[] loops = new KeyLoop[0];

  KeyState(String key, Executor executor) {
    this.key = key;
    this.lane = new SerialLane(executor);
  }

  /** The watchers of this key on {@code loop}, created on first use. */
  KeyLoop on(Loop loop) {
    KeyLoop[] current = loops;
    int index = loop.index();
    if (index < current.length && current[index] != null) {
      return current[index];
    }
    synchronized (this) {
      current = loops;
      if (index >= current.length) {
        current = Arrays.copyOf(current, index + 1);
      }
      if (current[index] == null) {
        current[index] = new KeyLoop(loop);
        loops = current;
      }
      return current[index];
    }
  }

  /**
   * A render of this key failed for good: closes every connection watching it, on each watcher's
   * loop, after the events sent before, each with a jittered {@code retry:}.
   */
  void fail(DrainOptions drain, SseMetrics metrics) {
    for (KeyLoop keyLoop : loops) {
      if (keyLoop != null) {
        keyLoop.closeAll(drain, metrics);
      }
    }
  }

  /** Sends encoded events to every watcher of this key, on each watcher's loop. */
  void dispatch(FramedEvent[] events, SseMetrics metrics) {
    for (KeyLoop keyLoop : loops) {
      if (keyLoop != null) {
        keyLoop.dispatch(events, metrics);
      }
    }
  }
}
