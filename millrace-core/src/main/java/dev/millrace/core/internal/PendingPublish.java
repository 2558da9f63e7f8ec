package dev.millrace.core.internal;

import java.util.concurrent.CompletableFuture;

/** A publish waiting for room in one or more full queues of a topic; guarded by the topic lock. */
final class PendingPublish {

  private final CompletableFuture<Void> future = new CompletableFuture<>();
  private int remaining;

  CompletableFuture<Void> future() {
    return future;
  }

  void expect() {
    remaining++;
  }

  /** One queue took the message; true when it was the last one waited for. */
  boolean arrived() {
    return --remaining == 0;
  }

  void complete() {
    future.complete(null);
  }

  void fail(Throwable cause) {
    future.completeExceptionally(cause);
  }
}
