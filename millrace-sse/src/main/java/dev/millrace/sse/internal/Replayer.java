package dev.millrace.sse.internal;

import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a key's stored events to one new connection, page by page, each page written with
 * backpressure before the next is fetched; then hands the watch over to the live events that queued
 * meanwhile. Runs on a virtual thread.
 */
final class Replayer {

  private static final Logger log = LoggerFactory.getLogger(Replayer.class);

  private final StreamAdapter adapter;
  private final KeyWatch watch;
  private final StreamConnection connection;
  private String after;

  Replayer(StreamAdapter adapter, KeyWatch watch, String lastEventId) {
    this.adapter = adapter;
    this.watch = watch;
    this.connection = watch.connection;
    this.after = lastEventId;
  }

  void run() {
    try {
      while (true) {
        List<SseEvent> page = adapter.replay(watch.state.key, after);
        if (!page.isEmpty()) {
          if (!write(page)) {
            return;
          }
          String lastId = page.getLast().id();
          if (lastId != null && !lastId.equals(after)) {
            after = lastId;
            continue;
          }
        }
        // Caught up: an empty page, a page ending without an id, or one that did not move on.
        Long resumeFrom = onLoop(this::finish).join();
        if (resumeFrom == null) {
          return;
        }
        if (resumeFrom != EncodedEvent.NO_SEQUENCE) {
          after = String.valueOf(resumeFrom);
        }
      }
    } catch (RuntimeException e) {
      log.warn("replay failed: key={} after={}", watch.state.key, after, e);
      connection.loop.execute(connection::abort);
    }
  }

  /** Writes a whole page with backpressure; false once the watch has ended or closed. */
  private boolean write(List<SseEvent> page) {
    var encoded = new FramedEvent[page.size()];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = FramedEvent.of(page.get(i), 0);
    }
    var written = new ReplayPage(encoded);
    connection.loop.execute(() -> connection.writePage(watch, written));
    return written.written.join();
  }

  /** On the loop: go live (null), or answer the last sequence written, to replay after it. */
  private Long finish() {
    if (connection.isClosed() || watch.ended || connection.finishReplay(watch)) {
      return null;
    }
    return watch.lastSequence;
  }

  private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<T> task) {
    var result = new CompletableFuture<T>();
    connection.loop.execute(
        () -> {
          try {
            result.complete(task.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }
}
