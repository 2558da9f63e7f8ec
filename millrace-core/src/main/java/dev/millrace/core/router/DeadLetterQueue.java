package dev.millrace.core.router;

import dev.millrace.core.Message;
import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetterMeters;
import dev.millrace.core.deadletter.DeadLetterStore;
import dev.millrace.core.deadletter.FailureClassifier;
import dev.millrace.core.deadletter.FailureKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets aside a message that can never be handled, so it stops blocking the messages behind it.
 *
 * <p>Each failure is classified ({@link Options#classifier()}):
 *
 * <ul>
 *   <li>{@link FailureKind#PERMANENT}: the failure propagates (the message is redelivered) until
 *       the message has failed {@link Options#maxFailures()} deliveries (counted per handler and
 *       message id); then it is stored in the {@link DeadLetterStore} with its reason, logged at
 *       WARN, counted, and the delivery succeeds (acked, no results), so the next message goes on.
 *       If storing fails, the failure propagates: the message is never dropped.
 *   <li>{@link FailureKind#TRANSIENT} (a dependency is down): the message is never set aside; the
 *       middleware waits with exponential backoff, capped at {@link Options#maxBackoff()}, then
 *       lets the failure propagate, so the message is redelivered until the dependency is back.
 * </ul>
 *
 * <p>Under {@link Router#replay} failures always propagate. Place it outside {@link Retry} (a
 * failure then means "failed after its retries") and outside {@link Recoverer}. Meters, tagged
 * {@code handler}: {@code millrace.dead_letters} (counter: messages set aside by this node) and
 * {@code millrace.dead_letters.current} (gauge: dead letters in the store, which nodes may share).
 * Only {@link #apply(String, String, Handler)} can be used: add it with {@link Router#use}.
 */
public final class DeadLetterQueue implements Middleware {

  /**
   * Configuration.
   *
   * @param maxFailures failed deliveries after which a permanently failing message is set aside
   * @param initialBackoff wait after the first transient failure of a message
   * @param maxBackoff the longest wait after a transient failure
   * @param classifier tells transient failures from permanent ones
   * @param meterRegistry where the meters go
   */
  public record Options(
      int maxFailures,
      Duration initialBackoff,
      Duration maxBackoff,
      FailureClassifier classifier,
      MeterRegistry meterRegistry) {

    public static final int DEFAULT_MAX_FAILURES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    public Options {
      if (maxFailures < 1) {
        throw new IllegalArgumentException("maxFailures must be positive: " + maxFailures);
      }
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
      }
      Objects.requireNonNull(classifier, "classifier");
      Objects.requireNonNull(meterRegistry, "meterRegistry");
    }

    /** 3 deliveries; backoff 200 ms to 10 s; the standard classifier; the global registry. */
    public static Options defaults() {
      return new Options(
          DEFAULT_MAX_FAILURES,
          DEFAULT_INITIAL_BACKOFF,
          DEFAULT_MAX_BACKOFF,
          FailureClassifier.standard(),
          Metrics.globalRegistry);
    }

    public Options withMaxFailures(int maxFailures) {
      return new Options(maxFailures, initialBackoff, maxBackoff, classifier, meterRegistry);
    }

    public Options withBackoff(Duration initialBackoff, Duration maxBackoff) {
      return new Options(maxFailures, initialBackoff, maxBackoff, classifier, meterRegistry);
    }

    public Options withClassifier(FailureClassifier classifier) {
      return new Options(maxFailures, initialBackoff, maxBackoff, classifier, meterRegistry);
    }

    public Options withMeterRegistry(MeterRegistry meterRegistry) {
      return new Options(maxFailures, initialBackoff, maxBackoff, classifier, meterRegistry);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(DeadLetterQueue.class);

  private final DeadLetterStore store;
  private final Options options;
  private final Clock clock;

  private DeadLetterQueue(DeadLetterStore store, Options options, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = clock;
  }

  public static DeadLetterQueue create(DeadLetterStore store) {
    return create(store, Options.defaults());
  }

  public static DeadLetterQueue create(DeadLetterStore store, Options options) {
    return new DeadLetterQueue(store, options, Clock.systemUTC());
  }

  /** Always throws: the dead letters need the handler's name; add this with {@link Router#use}. */
  @Override
  public Handler apply(Handler next) {
    throw new UnsupportedOperationException(
        "DeadLetterQueue needs the handler's name: add it with Router.use");
  }

  @Override
  public Handler apply(String name, String topic, Handler next) {
    var meters = DeadLetterMeters.register(options.meterRegistry(), store, name);
    var failures = new FailureLog(clock);
    return message -> {
      if (Router.isReplaying()) {
        return next.handle(message);
      }
      try {
        List<Message> results = next.handle(message);
        failures.forget(message.id());
        return results;
      } catch (Exception e) {
        var kind = options.classifier().classify(e);
        var record = failures.failed(message.id(), kind);
        if (kind == FailureKind.TRANSIENT) {
          var wait = backoff(record.transientFailures());
          log.warn(
              "Transient failure, message will be retried: handler={} topic={} id={} failures={}"
                  + " retryIn={}ms reason={}",
              name,
              topic,
              message.id(),
              record.transientFailures(),
              wait.toMillis(),
              String.valueOf(e));
          Thread.sleep(wait);
          throw e;
        }
        if (record.permanentFailures() < options.maxFailures()) {
          throw e;
        }
        var letter =
            DeadLetter.of(
                name,
                topic,
                message,
                DeadLetter.reasonOf(e),
                record.permanentFailures(),
                record.firstFailedAt(),
                clock.instant());
        store.add(letter);
        failures.forget(message.id());
        meters.setAside();
        log.warn(
            "Message set aside as dead letter: handler={} topic={} id={} deadLetterId={}"
                + " attempts={} reason={}",
            name,
            topic,
            message.id(),
            letter.id(),
            letter.attempts(),
            letter.reason(),
            e);
        return List.of();
      }
    };
  }

  private Duration backoff(int transientFailures) {
    var wait = options.initialBackoff();
    for (int i = 1; i < transientFailures && wait.compareTo(options.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : wait;
  }
}
