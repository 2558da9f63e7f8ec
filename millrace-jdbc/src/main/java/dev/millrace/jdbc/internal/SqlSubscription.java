package dev.millrace.jdbc.internal;

import dev.millrace.core.AckOnceDelivery;
import dev.millrace.core.BatchListener;
import dev.millrace.core.Delivery;
import dev.millrace.core.Subscription;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription served by one virtual thread: read the next messages of the topic, hand them to
 * the listener in batches of up to its maximum (one at a time for a {@code MessageListener}), each
 * until it is acked (a nack or an exception delivers it again, alone, attempt plus one, before the
 * next), then wait for a publish signal or the poll interval. Database failures are logged and
 * retried with backoff until closed.
 */
abstract class SqlSubscription implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(SqlSubscription.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  protected final PubSubContext context;
  protected final String topic;
  private final BatchListener listener;
  private final int maxBatch;
  private final WakeSignal signal;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  private final Runnable onClosed;
  private volatile Thread thread;

  SqlSubscription(
      PubSubContext context,
      String topic,
      int maxBatch,
      BatchListener listener,
      Runnable onClosed) {
    this.context = context;
    this.topic = topic;
    this.maxBatch = maxBatch;
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

  /** Called for each row the listener acked, in offset order. */
  @FunctionalInterface
  protected interface AckedRow {
    void accept(PubSubTables.Row row) throws SQLException;
  }

  /**
   * Delivers consecutive {@code rows} in batches until each is acked, telling {@code acked} about
   * every acked row in order; a nacked row is delivered again, alone, before the rows after it.
   * False if the subscription closed first (the rows after the last acked one were not acked).
   */
  protected final boolean deliverInOrder(List<PubSubTables.Row> rows, AckedRow acked)
      throws SQLException {
    int[] attempts = new int[rows.size()];
    java.util.Arrays.fill(attempts, 1);
    int next = 0;
    while (next < rows.size()) {
      if (isClosing()) {
        return false;
      }
      int end = Math.min(rows.size(), next + (attempts[next] > 1 ? 1 : maxBatch));
      int ackedPrefix = deliverOnce(rows.subList(next, end), attempts, next);
      for (int i = next; i < next + ackedPrefix; i++) {
        acked.accept(rows.get(i));
      }
      for (int i = next + ackedPrefix; i < end; i++) {
        attempts[i]++;
      }
      next += ackedPrefix;
    }
    return true;
  }

  /**
   * Hands {@code batch} (the rows from {@code first} on) to the listener and waits until each
   * delivery is settled, or the subscription closes; returns how many leading deliveries were
   * acked.
   */
  private int deliverOnce(List<PubSubTables.Row> batch, int[] attempts, int first) {
    List<AckOnceDelivery> deliveries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      int attempt = attempts[first + i];
      deliveries.add(new AckOnceDelivery(topic, batch.get(i).message(), attempt));
      context.delivered().increment();
      if (attempt > 1) {
        context.redelivered().increment();
      }
    }
    try {
      listener.onBatch(List.<Delivery>copyOf(deliveries));
    } catch (Throwable failure) {
      log.debug(
          "Listener failed, messages will be redelivered: topic={} first={} size={}",
          topic,
          batch.getFirst().message().id(),
          batch.size(),
          failure);
      deliveries.forEach(AckOnceDelivery::nack);
    }
    if (Thread.interrupted()) {
      log.debug("Listener left the interrupt flag set, cleared: topic={}", topic);
    }
    int ackedPrefix = 0;
    boolean prefix = true;
    for (AckOnceDelivery delivery : deliveries) {
      if (!delivery.outcome().isDone()) {
        CompletableFuture.anyOf(delivery.outcome(), closing).join();
      }
      prefix = delivery.settleOrAbandon() && prefix;
      if (prefix) {
        ackedPrefix++;
      }
    }
    return ackedPrefix;
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
