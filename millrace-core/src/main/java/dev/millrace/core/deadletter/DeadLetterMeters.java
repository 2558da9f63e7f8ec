package dev.millrace.core.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one handler's dead letters, tagged {@code handler}: {@code millrace.dead_letters}
 * (a counter of the messages this process set aside) and {@code millrace.dead_letters.current} (a
 * gauge of the dead letters in the store, which several nodes may share; read at most once a
 * second, NaN while the store fails).
 */
public final class DeadLetterMeters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterMeters.class);
  private static final Duration REFRESH = Duration.ofSeconds(1);

  private final Counter added;
  private final DeadLetterStore store;
  private final String handler;
  private long readAtNanos;
  private boolean stale = true;
  private Map<String, Long> counts = Map.of();

  private DeadLetterMeters(MeterRegistry registry, DeadLetterStore store, String handler) {
    this.store = store;
    this.handler = handler;
    this.added =
        Counter.builder("millrace.dead_letters")
            .description("Messages set aside as dead letters by this process")
            .tag("handler", handler)
            .register(registry);
    Gauge.builder("millrace.dead_letters.current", this, DeadLetterMeters::current)
        .description("Dead letters waiting in the store")
        .tag("handler", handler)
        .register(registry);
  }

  /** Registers (or finds) the meters of {@code handler}'s dead letters in {@code store}. */
  public static DeadLetterMeters register(
      MeterRegistry registry, DeadLetterStore store, String handler) {
    return new DeadLetterMeters(registry, store, handler);
  }

  /** Counts one more message set aside, and makes the gauge read the store again. */
  public synchronized void setAside() {
    added.increment();
    stale = true;
  }

  private synchronized double current() {
    long now = System.nanoTime();
    if (stale || now - readAtNanos > REFRESH.toNanos()) {
      try {
        counts = store.countByHandler();
        readAtNanos = now;
        stale = false;
      } catch (RuntimeException e) {
        log.debug("Counting dead letters failed: handler={}", handler, e);
        return Double.NaN;
      }
    }
    return counts.getOrDefault(handler, 0L);
  }
}
