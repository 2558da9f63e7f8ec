package dev.millrace.core.router;

/**
 * Wraps a handler with behaviour of its own (retry, metrics…): a function from handler to handler.
 *
 * <p>A {@link Router} applies its middleware in the order they were added, the first one outermost.
 * Any middleware can also be applied to a single handler by calling {@link #apply(Handler)} before
 * adding it.
 */
@FunctionalInterface
public interface Middleware {

  Handler apply(Handler next);

  /**
   * Wraps the handler {@code name} that consumes {@code topic}; the {@link Router} calls this one.
   * By default the same as {@link #apply(Handler)}; middleware that records which handler failed
   * (such as {@link DeadLetterQueue}) overrides it.
   */
  default Handler apply(String name, String topic, Handler next) {
    return apply(next);
  }
}
