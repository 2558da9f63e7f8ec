package dev.millrace.jdbc.internal;

import dev.millrace.core.AckOnceDelivery;
import dev.millrace.core.MessageListener;
import dev.millrace.core.Subscription;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription served by one virtual thread: read the next messages of the topic, hand them to
 * the listener one at a time, each until it is acked (a nack or an exception delivers it again,
 * attempt plus one, before the next), then wait for a publish signal or the poll interval. Database
 * failures are logged and retried with backoff until closed.
 */
abstract class SqlSubscription implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(SqlSubscription.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  protected final PubSubContext context;
  protected final String topic;
  private final MessageListener listener;
  private final WakeSignal signal;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  private final Runnable onClosed;
  private volatile Thread thread;

  SqlSubscription(
      PubSubContext context, String topic, MessageListener listener, Runnable onClosed) {
    this.context = context;
    this.topic = topic;
    this.listener = listener;
    this.signal = context.signal(topic);
    this.onClosed = onClosed;
  }

  /**
   * Delivers what is there; true when it may be worth looking again at once, false to wait for a
   * signal or the poll interval.
   */
  protected abstract boolean step() throws SQLException, InterruptedException;

  final void start(String name) {
    thread = Thread.ofVirtual().name(name).start(this::run);
  }

  @Override
  public String topic() {
    return topic;
  }

  final boolean isClosing() {
    return closing.isDone();
  }

  private void run() {
    Duration backoff = context.options().pollInterval();
    while (!isClosing()) {
      long seen = signal.generation();
      try {
        boolean again = step();
        backoff = context.options().pollInterval();
        if (!again && !isClosing()) {
          signal.awaitAfter(seen, context.options().pollInterval());
        }
      } catch (SQLException | RuntimeException e) {
        if (isClosing()) {
          return;
        }
        context.consumeFailures().increment();
        log.warn("Consuming failed, retrying in {} ms: topic={}", backoff.toMillis(), topic, e);
        pause(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
      } catch (InterruptedException e) {
        Thread.interrupted(); // a listener's interrupt must not stop the subscription
      }
    }
  }

  /**
   * Delivers one message until it is acked; false if the subscription closed first (the message was
   * not acked).
   */
  protected final boolean deliverUntilAcked(PubSubTables.Row row) {
    for (int attempt = 1; ; attempt++) {
      if (isClosing()) {
        return false;
      }
      var delivery = new AckOnceDelivery(topic, row.message(), attempt);
      context.delivered().increment();
      if (attempt > 1) {
        context.redelivered().increment();
      }
      try {
        listener.onMessage(delivery);
      } catch (Throwable failure) {
        log.debug(
            "Listener failed, message will be redelivered: topic={} id={} attempt={}",
            topic,
            row.message().id(),
            attempt,
            failure);
        delivery.nack();
      }
      if (Thread.interrupted()) {
        log.debug("Listener left the interrupt flag set, cleared: topic={}", topic);
      }
      if (!delivery.outcome().isDone()) {
        CompletableFuture.anyOf(delivery.outcome(), closing).join();
      }
      if (delivery.settleOrAbandon()) {
        return true;
      }
    }
  }

  /** Waits up to {@code delay}, less if the subscription closes. */
  protected final void pause(Duration delay) {
    try {
      closing.get(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // paused long enough
    } catch (InterruptedException e) {
      Thread.interrupted();
    }
  }

  /**
   * Stops deliveries after the listener call in progress returns; a message delivered but not acked
   * is delivered again by the next subscription (of the group). Idempotent; may be called from the
   * listener itself.
   */
  @Override
  public void close() {
    if (closing.complete(null)) {
      signal.signal();
    }
    Thread worker = thread;
    if (worker != null && worker != Thread.currentThread()) {
      boolean interrupted = false;
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    onClosed.run();
  }
}
