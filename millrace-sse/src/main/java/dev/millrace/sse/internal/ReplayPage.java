package dev.millrace.sse.internal;

import java.util.concurrent.CompletableFuture;

/** A page of replayed events being written to one connection, resumed on each drain. */
final class ReplayPage {

  final EncodedEvent[] events;
  final CompletableFuture<Void> written = new CompletableFuture<>();
  int next;

  ReplayPage(EncodedEvent[] events) {
    this.events = events;
  }
}
