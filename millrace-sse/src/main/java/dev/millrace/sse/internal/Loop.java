package dev.millrace.sse.internal;

import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections of one engine on one event loop, that loop's single heartbeat sweep and its
 * bounded {@link Handoff}. All methods except {@link #execute}, {@link #offer}, {@link #urgent},
 * {@link #handoff()} and {@link #index()} run on the event loop.
 */
public final class Loop {

  private final int index;
  private final ContextInternal context;
  private final SlotList<SseConnection> connections =
      new SlotList<>((connection, slot) -> connection.loopSlot = slot);
  private final long sweepNanos;
  private final long stallNanos;
  private final Flushes flushes = new Flushes();
  private final Handoff handoff;
  private long timerId = -1;

  Loop(int index, ContextInternal context, Duration heartbeat, Duration stallTimeout, int queue) {
    this.index = index;
    this.context = context;
    this.handoff = new Handoff(context, queue, flushes);
    this.sweepNanos = heartbeat.toNanos() / 2;
    this.stallNanos = stallTimeout.toNanos();
  }

  /** A small number, unique per loop of one engine, for arrays indexed by loop. */
  public int index() {
    return index;
  }

  /**
   * Runs a task on this event loop through Netty's task queue: for tasks that are few (one per
   * request, page or shutdown), not for per-event deliveries (see {@link #handoff()}).
   */
  public void execute(Runnable task) {
    context.execute(task);
  }

  /**
   * Hands an event delivery to this loop through its bounded queue; false when the queue is full
   * (the caller then closes the streams that miss it, see {@link #urgent}). Any thread; tasks run
   * in hand-off order.
   */
  public boolean offer(Runnable task) {
    return handoff.offer(task);
  }

  /** Runs a task after the queued deliveries, even when the queue is full. Rare, bounded use. */
  public void urgent(Runnable task) {
    handoff.urgent(task);
  }

  /** The bounded queue for event deliveries to this loop; its tasks run in hand-off order. */
  Handoff handoff() {
    return handoff;
  }

  /** When this loop's connections are flushed. */
  Flushes flushes() {
    return flushes;
  }

  public boolean inThread() {
    return context.nettyEventLoop().inEventLoop();
  }

  void add(SseConnection connection) {
    connections.add(connection);
    if (timerId < 0) {
      long millis = Math.max(1, sweepNanos / 1_000_000);
      timerId = context.setPeriodic(millis, id -> sweep());
    }
  }

  void remove(SseConnection connection) {
    connections.remove(connection.loopSlot);
    connection.loopSlot = -1;
  }

  int size() {
    return connections.size();
  }

  /** A snapshot of the connections, for a drain. */
  List<SseConnection> connections() {
    var copy = new ArrayList<SseConnection>(connections.size());
    connections.forEach(copy::add);
    return copy;
  }

  /** Runs a task on this loop after a delay. */
  public void timer(long delayMillis, Runnable task) {
    context.setTimer(Math.max(1, delayMillis), id -> task.run());
  }

  /** Closes every connection at once. */
  void abortAll() {
    connections().forEach(SseConnection::abort);
  }

  void stop() {
    handoff.stop();
    if (timerId >= 0) {
      context.owner().cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    connections.forEach(connection -> connection.sweep(now, stallNanos));
  }
}
