package dev.millrace.core.router;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the handler again when it fails, waiting between attempts with exponential backoff; after
 * the last retry the failure propagates. Retries happen inside one delivery, on its thread: the
 * subscription's next message waits, which keeps per-topic order.
 */
public final class Retry implements Middleware {

  private static final Logger log = LoggerFactory.getLogger(Retry.class);

  /**
   * Backoff configuration.
   *
   * @param maxRetries calls after the first one; 0 disables retrying
   * @param initialInterval wait before the first retry
   * @param multiplier factor applied to the wait after each retry
   * @param maxInterval upper bound of the wait
   */
  public record Options(
      int maxRetries, Duration initialInterval, double multiplier, Duration maxInterval) {

    public static final Options DEFAULTS =
        new Options(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10));

    public Options {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
      }
      Objects.requireNonNull(initialInterval, "initialInterval");
      Objects.requireNonNull(maxInterval, "maxInterval");
      if (initialInterval.isNegative() || maxInterval.compareTo(initialInterval) < 0) {
        throw new IllegalArgumentException("need 0 <= initialInterval <= maxInterval");
      }
      if (multiplier < 1.0) {
        throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
      }
    }
  }

  /** How the wait happens; a seam for tests. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Options options;
  private final Sleeper sleeper;

  Retry(Options options, Sleeper sleeper) {
    this.options = Objects.requireNonNull(options, "options");
    this.sleeper = sleeper;
  }

  /** Retry with {@link Options#DEFAULTS}: 3 retries after 100, 200 and 400 ms. */
  public static Retry create() {
    return create(Options.DEFAULTS);
  }

  public static Retry create(Options options) {
    return new Retry(options, Thread::sleep);
  }

  @Override
  public Handler apply(Handler next) {
    return message -> {
      Duration wait = options.initialInterval();
      for (int retry = 1; ; retry++) {
        try {
          return next.handle(message);
        } catch (Exception e) {
          if (retry > options.maxRetries()) {
            throw e;
          }
          log.debug("Handler failed, retry {} in {}: id={}", retry, wait, message.id(), e);
          sleeper.sleep(wait);
          wait = next(wait);
        }
      }
    };
  }

  private Duration next(Duration wait) {
    long nanos = (long) Math.min(wait.toNanos() * options.multiplier(), Long.MAX_VALUE);
    Duration grown = Duration.ofNanos(nanos);
    return grown.compareTo(options.maxInterval()) > 0 ? options.maxInterval() : grown;
  }
}
