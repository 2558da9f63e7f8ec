package dev.millrace.sse.internal;

import dev.millrace.sse.DrainOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Closes every connection of an engine gradually: on each event loop, {@code batchSize / loops}
 * connections per {@code batchInterval}, each told to come back after a jittered {@code retry:}.
 */
final class Drainer {

  private Drainer() {}

  static Future<Void> drain(Collection<Loop> loops, DrainOptions options) {
    if (loops.isEmpty()) {
      return Future.succeededFuture();
    }
    int perLoop = Math.max(1, options.batchSize() / loops.size());
    List<Future<Void>> done = new ArrayList<>();
    for (Loop loop : loops) {
      Promise<Void> promise = Promise.promise();
      done.add(promise.future());
      loop.execute(() -> drainBatch(loop, perLoop, options, promise));
    }
    return Future.all(done).mapEmpty();
  }

  private static void drainBatch(Loop loop, int batch, DrainOptions options, Promise<Void> done) {
    List<SseConnection> open = loop.connections();
    int count = Math.min(batch, open.size());
    long retryMin = options.retryMin().toMillis();
    long jitter = options.retryJitter().toMillis();
    for (int i = 0; i < count; i++) {
      open.get(i).drain(retryMin, jitter);
    }
    if (loop.size() == 0) {
      done.tryComplete();
    } else {
      loop.timer(options.batchInterval().toMillis(), () -> drainBatch(loop, batch, options, done));
    }
  }
}
