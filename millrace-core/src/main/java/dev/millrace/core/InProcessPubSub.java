package dev.millrace.core;

import dev.millrace.core.internal.InProcessBus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A pub/sub inside one JVM: at-least-once while the process lives, nothing survives a restart.
 *
 * <p>Each subscription is served by its own virtual thread and delivers in publish order, the next
 * message only after the previous one is acked; a nack or a listener exception redelivers the same
 * message (same id, attempt plus one). A fan-out subscription sees every message published after it
 * was made; the members of a consumer group share one queue, each message going to one member.
 *
 * <p>Memory is bounded: every fan-out subscription and every group has a buffer of {@link
 * Options#bufferSize()} messages (in-flight ones included). When a buffer is full, publishing does
 * not block the caller's thread: the returned future completes only once every subscription has
 * room for the message, while the other subscriptions keep receiving. The stuck subscription is
 * reported (a WARN log and the {@code millrace.pubsub.inprocess.stalls} counter). At most {@link
 * Options#maxWaitingPublishes()} publishes may wait for one subscription; beyond that, publishing
 * fails fast with {@link PublishOverflowException} and the message goes nowhere.
 *
 * <p>A group's buffered messages are dropped when its last member closes. {@link #close()} fails
 * every later publish and waiting publish with {@link PubSubClosedException}, closes every
 * subscription and drops the messages still buffered.
 */
public final class InProcessPubSub implements Publisher, Subscriber {

  /**
   * Configuration.
   *
   * @param bufferSize messages one subscription (or one group) may hold, in-flight ones included
   * @param maxWaitingPublishes publishes that may wait for room in one full subscription
   * @param redeliveryDelay pause before a nacked message is delivered again
   * @param meterRegistry where the metrics go
   */
  public record Options(
      int bufferSize,
      int maxWaitingPublishes,
      Duration redeliveryDelay,
      MeterRegistry meterRegistry) {

    public static final int DEFAULT_BUFFER_SIZE = 1024;
    public static final int DEFAULT_MAX_WAITING_PUBLISHES = 65_536;
    public static final Duration DEFAULT_REDELIVERY_DELAY = Duration.ZERO;

    public Options {
      if (bufferSize < 1) {
        throw new IllegalArgumentException("bufferSize must be positive: " + bufferSize);
      }
      if (maxWaitingPublishes < 0) {
        throw new IllegalArgumentException("maxWaitingPublishes must be >= 0");
      }
      Objects.requireNonNull(redeliveryDelay, "redeliveryDelay");
      if (redeliveryDelay.isNegative()) {
        throw new IllegalArgumentException("redeliveryDelay must not be negative");
      }
      Objects.requireNonNull(meterRegistry, "meterRegistry");
    }

    /** Defaults; metrics go to Micrometer's global registry. */
    public static Options defaults() {
      return new Options(
          DEFAULT_BUFFER_SIZE,
          DEFAULT_MAX_WAITING_PUBLISHES,
          DEFAULT_REDELIVERY_DELAY,
          Metrics.globalRegistry);
    }

    public Options withBufferSize(int bufferSize) {
      return new Options(bufferSize, maxWaitingPublishes, redeliveryDelay, meterRegistry);
    }

    public Options withMaxWaitingPublishes(int maxWaitingPublishes) {
      return new Options(bufferSize, maxWaitingPublishes, redeliveryDelay, meterRegistry);
    }

    public Options withRedeliveryDelay(Duration redeliveryDelay) {
      return new Options(bufferSize, maxWaitingPublishes, redeliveryDelay, meterRegistry);
    }

    public Options withMeterRegistry(MeterRegistry meterRegistry) {
      return new Options(bufferSize, maxWaitingPublishes, redeliveryDelay, meterRegistry);
    }
  }

  private final InProcessBus bus;

  private InProcessPubSub(Options options) {
    this.bus =
        new InProcessBus(
            options.bufferSize(),
            options.maxWaitingPublishes(),
            options.redeliveryDelay(),
            options.meterRegistry());
  }

  /** An in-process pub/sub with {@link Options#defaults()}. */
  public static InProcessPubSub create() {
    return new InProcessPubSub(Options.defaults());
  }

  public static InProcessPubSub create(Options options) {
    return new InProcessPubSub(Objects.requireNonNull(options, "options"));
  }

  /**
   * Offers {@code message} to every subscription of {@code topic}, after setting {@link
   * Message#PUBLISHED_AT} when absent. Completes at once unless a subscription's buffer is full.
   */
  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    return bus.publish(topic, message);
  }

  @Override
  public Subscription subscribe(String topic, SubscribeOptions options, MessageListener listener) {
    return bus.subscribe(topic, options, listener);
  }

  @Override
  public void close() {
    bus.close();
  }
}
