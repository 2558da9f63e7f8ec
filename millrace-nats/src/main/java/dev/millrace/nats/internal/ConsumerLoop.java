package dev.millrace.nats.internal;

import dev.millrace.core.BatchListener;
import dev.millrace.core.Delivery;
import dev.millrace.core.MessageListener;
import dev.millrace.core.Subscription;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription served by one virtual thread: poll a message, hand it to the listener, wait until
 * it is acked or nacked, repeat. Messages therefore reach the listener one at a time, in the order
 * the consumer yields them; a loop made for a {@link BatchListener} hands over, with the polled
 * message, those that are already there (up to its maximum), and tells the server of the acks in
 * order, once the batch is settled. Whatever polling throws (an {@link Error} too) is logged at
 * WARN and retried with backoff until closed. Whatever the listener throws (an {@link Error} too)
 * nacks the message. A {@link Throwable} that is not an {@link Exception}, from polling or from the
 * listener, is also counted ({@code millrace.nats.listener.errors}). Nothing ends the loop but
 * {@link #close()}.
 */
abstract class ConsumerLoop implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  protected final String topic;
  private final MessageListener listener;
  private final BatchListener batchListener;
  private final int maxBatch;
  private final PubSubStats stats;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  private final Runnable onClose;
  private volatile Thread thread;

  ConsumerLoop(String topic, MessageListener listener, PubSubStats stats, Runnable onClose) {
    this.topic = topic;
    this.listener = listener;
    this.batchListener = null;
    this.maxBatch = 1;
    this.stats = stats;
    this.onClose = onClose;
  }

  ConsumerLoop(
      String topic, int maxBatch, BatchListener listener, PubSubStats stats, Runnable onClose) {
    this.topic = topic;
    this.listener = null;
    this.batchListener = listener;
    this.maxBatch = maxBatch;
    this.stats = stats;
    this.onClose = onClose;
  }

  /** The largest batch this loop hands over; 1 for a {@link MessageListener}. */
  final int maxBatch() {
    return maxBatch;
  }

  /** Waits briefly for the next message; {@code null} when none came. */
  protected abstract NatsDelivery poll() throws Exception;

  /**
   * The next message if it is already there (received, not yet handed over), without waiting for
   * the server; {@code null} otherwise. What batches are made of.
   */
  protected NatsDelivery pollReady() throws Exception {
    return null;
  }

  /** What to deliver after {@code delivery} was nacked, or {@code null} to poll again. */
  protected abstract NatsDelivery redelivery(NatsDelivery delivery);

  /**
   * Starts keeping {@code delivery} alive on the server while the listener holds it, or returns
   * {@code null} when nothing needs to be done; the loop cancels it once the delivery is settled.
   */
  protected Future<?> keepAlive(NatsDelivery delivery) {
    return null;
  }

  /** Forgets the transport state after a failure, so the next poll starts afresh. */
  protected abstract void reset();

  /** Releases the transport state; called once, on the loop thread, when the loop ends. */
  protected abstract void release();

  final void start(String name) {
    thread = Thread.ofVirtual().name(name).start(this::run);
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void close() {
    signalClose();
    awaitClosed();
  }

  /** Asks the loop to stop after the listener call in progress; does not wait. */
  final void signalClose() {
    if (closing.complete(null)) {
      onClose.run();
    }
  }

  /** Waits until the loop has stopped (at once when called from the listener itself). */
  final void awaitClosed() {
    var running = thread;
    if (running == null || running == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    while (running.isAlive()) {
      try {
        running.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  final boolean isClosing() {
    return closing.isDone();
  }

  private void run() {
    var backoff = MIN_BACKOFF;
    try {
      while (!isClosing()) {
        NatsDelivery delivery;
        try {
          delivery = poll();
          backoff = MIN_BACKOFF;
        } catch (InterruptedException e) {
          return;
        } catch (Throwable e) {
          if (isClosing()) {
            return;
          }
          if (!(e instanceof Exception)) {
            stats.listenerError();
          }
          log.warn("Consuming topic={} failed, retrying in {} ms", topic, backoff.toMillis(), e);
          reset();
          pause(backoff);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
          continue;
        }
        if (delivery != null) {
          try {
            if (batchListener == null) {
              dispatch(delivery);
            } else {
              dispatchBatches(withReadyOnes(delivery));
            }
          } catch (RuntimeException | Error e) {
            stats.listenerError();
            log.warn("Dispatching on topic={} failed; the loop goes on", topic, e);
          }
        }
      }
    } finally {
      release();
    }
  }

  private void dispatch(NatsDelivery first) {
    var delivery = first;
    while (delivery != null) {
      if (isClosing()) {
        delivery.abandon();
        return;
      }
      stats.delivered(delivery.attempt());
      var keepingAlive = keepAlive(delivery);
      try {
        invokeListener(delivery);
        CompletableFuture.anyOf(delivery.outcome(), closing).join();
      } finally {
        if (keepingAlive != null) {
          keepingAlive.cancel(false);
        }
      }
      var outcome = delivery.outcome().getNow(null);
      if (outcome == null) {
        delivery.abandon();
        return;
      }
      stats.settled(outcome);
      delivery = outcome == NatsDelivery.Outcome.NACKED ? redelivery(delivery) : null;
    }
  }

  private List<NatsDelivery> withReadyOnes(NatsDelivery first) {
    var batch = new ArrayList<NatsDelivery>();
    batch.add(first);
    try {
      for (var next = pollReady();
          next != null;
          next = batch.size() < maxBatch ? pollReady() : null) {
        batch.add(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("Reading ahead on topic={} failed; the next poll tries again", topic, e);
    }
    return batch;
  }

  /**
   * Hands {@code polled} to the batch listener, in batches of up to {@link #maxBatch}, until each
   * is acked. The listener settles copies; the server hears of the acked prefix of a batch only
   * once the batch is settled, so it never has a message acked before an earlier one. From a nacked
   * message on, the messages are delivered again, the nacked one first and alone.
   */
  private void dispatchBatches(List<NatsDelivery> polled) {
    Deque<NatsDelivery> queue = new ArrayDeque<>(polled);
    boolean alone = false;
    while (!queue.isEmpty()) {
      if (isClosing()) {
        queue.forEach(NatsDelivery::abandon);
        return;
      }
      var held = new ArrayList<NatsDelivery>();
      var it = queue.iterator();
      while (it.hasNext() && held.size() < (alone ? 1 : maxBatch)) {
        held.add(it.next());
      }
      var handed = new ArrayList<NatsDelivery>(held.size());
      var keepingAlive = new ArrayList<Future<?>>(held.size());
      for (var delivery : held) {
        stats.delivered(delivery.attempt());
        handed.add(
            new NatsDelivery(
                topic, delivery.message(), delivery.attempt(), delivery.streamSequence(), UNSENT));
        keepingAlive.add(keepAlive(delivery));
      }
      try {
        invokeBatchListener(handed);
        for (var delivery : handed) {
          CompletableFuture.anyOf(delivery.outcome(), closing).join();
        }
      } finally {
        keepingAlive.forEach(
            future -> {
              if (future != null) {
                future.cancel(false);
              }
            });
      }
      int acked = 0;
      while (acked < handed.size()
          && handed.get(acked).outcome().getNow(null) == NatsDelivery.Outcome.ACKED) {
        queue.removeFirst().ack();
        stats.settled(NatsDelivery.Outcome.ACKED);
        acked++;
      }
      if (acked == handed.size()) {
        alone = false;
        continue;
      }
      if (handed.get(acked).outcome().getNow(null) == null) {
        queue.forEach(NatsDelivery::abandon); // closing
        return;
      }
      stats.settled(NatsDelivery.Outcome.NACKED);
      var again = new ArrayList<NatsDelivery>();
      for (int i = acked; i < handed.size(); i++) {
        var delivery = queue.removeFirst();
        if (i == acked) {
          delivery.nack();
        }
        var next = redelivery(delivery);
        if (next != null) {
          again.add(next);
        }
      }
      again.reversed().forEach(queue::addFirst);
      alone = true;
    }
  }

  /** What the deliveries handed to a batch listener do when settled: nothing yet. */
  private static final NatsDelivery.Settlement UNSENT =
      new NatsDelivery.Settlement() {
        @Override
        public void ack() {}

        @Override
        public void nack() {}

        @Override
        public void abandon() {}
      };

  private void invokeBatchListener(List<NatsDelivery> batch) {
    try {
      batchListener.onBatch(List.<Delivery>copyOf(batch));
    } catch (Exception e) {
      log.debug("Batch listener failed on {}; nacking", batch.getFirst(), e);
      batch.forEach(NatsDelivery::nack);
    } catch (Throwable e) {
      stats.listenerError();
      log.warn(
          "Batch listener threw {} on {}; nacking", e.getClass().getName(), batch.getFirst(), e);
      batch.forEach(NatsDelivery::nack);
    }
  }

  private void invokeListener(NatsDelivery delivery) {
    try {
      listener.onMessage(delivery);
    } catch (Exception e) {
      log.debug("Listener failed on {}; nacking", delivery, e);
      delivery.nack();
    } catch (Throwable e) {
      stats.listenerError();
      log.warn("Listener threw {} on {}; nacking", e.getClass().getName(), delivery, e);
      delivery.nack();
    }
  }

  private void pause(Duration delay) {
    try {
      closing.get(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // paused long enough
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
