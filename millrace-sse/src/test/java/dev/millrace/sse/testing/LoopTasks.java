package dev.millrace.sse.testing;

import dev.millrace.sse.internal.Loop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs test code on an event loop, or holds the loop so that what is handed off runs in one pass.
 */
public final class LoopTasks {

  private LoopTasks() {}

  /**
   * Blocks {@code loop} until {@code unblock} counts down (30 s at most); returns what {@code
   * before} gave, taken on the loop before it blocks.
   */
  public static <T> T block(Loop loop, CountDownLatch unblock, Supplier<T> before)
      throws Exception {
    var taken = new CompletableFuture<T>();
    loop.execute(
        () -> {
          taken.complete(before.get());
          try {
            unblock.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return taken.get(10, TimeUnit.SECONDS);
  }

  /** What {@code task} gives when run on {@code loop}. */
  public static <T> T onLoop(Loop loop, Supplier<T> task) throws Exception {
    var result = new CompletableFuture<T>();
    loop.execute(() -> result.complete(task.get()));
    return result.get(10, TimeUnit.SECONDS);
  }
}
