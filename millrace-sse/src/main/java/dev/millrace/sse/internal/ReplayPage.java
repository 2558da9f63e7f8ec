package dev.millrace.sse.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A page of replayed events being written to one connection, resumed on each drain. {@link
 * #written} completes once the whole page is in the write queue: {@code true} if the watch goes on,
 * {@code false} if it ended (an event of the page ended the stream) or the connection closed.
 */
final class ReplayPage {

  final FramedEvent[] events;
  final CompletableFuture<Boolean> written = new CompletableFuture<>();
  int next;

  ReplayPage(FramedEvent[] events) {
    this.events = events;
  }
}
