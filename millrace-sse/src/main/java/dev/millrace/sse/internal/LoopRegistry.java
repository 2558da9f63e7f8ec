package dev.millrace.sse.internal;

import dev.millrace.sse.SseOptions;
import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@link Loop}s of one engine, one per event loop that has served a connection. */
final class LoopRegistry {

  private final ConcurrentHashMap<EventLoop, Loop> loops = new ConcurrentHashMap<>();
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final SseOptions options;

  LoopRegistry(SseOptions options) {
    this.options = options;
  }

  /** The loop of the calling event-loop thread. */
  Loop current(Vertx vertx) {
    var context = (ContextInternal) vertx.getOrCreateContext();
    return loops.computeIfAbsent(
        context.nettyEventLoop(),
        eventLoop ->
            new Loop(
                nextIndex.getAndIncrement(),
                context.unwrap(),
                options.heartbeat(),
                options.stallTimeout(),
                options.loopQueue()));
  }

  Collection<Loop> all() {
    return loops.values();
  }

  /** Upper bound of loop indexes handed out so far. */
  int indexBound() {
    return nextIndex.get();
  }
}
