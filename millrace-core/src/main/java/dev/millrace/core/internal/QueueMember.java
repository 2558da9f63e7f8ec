package dev.millrace.core.internal;

import dev.millrace.core.AckOnceDelivery;
import dev.millrace.core.MessageListener;
import dev.millrace.core.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One subscription: a virtual thread taking entries from its queue and calling the listener. */
final class QueueMember implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(QueueMember.class);

  private final InProcessQueue queue;
  private final MessageListener listener;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  private final AtomicBoolean left = new AtomicBoolean();
  private volatile Thread thread;

  QueueMember(InProcessQueue queue, MessageListener listener) {
    this.queue = queue;
    this.listener = listener;
  }

  InProcessQueue queue() {
    return queue;
  }

  boolean closing() {
    return closing.isDone();
  }

  void start() {
    thread =
        Thread.ofVirtual()
            .name("millrace-inprocess-" + topic() + "/" + queue.label())
            .start(this::run);
  }

  @Override
  public String topic() {
    return queue.topic().name();
  }

  private void run() {
    ReentrantLock lock = queue.topic().lock();
    try {
      while (true) {
        InProcessQueue.Entry entry;
        lock.lock();
        try {
          entry = queue.take(this);
        } finally {
          lock.unlock();
        }
        if (entry == null) {
          return;
        }
        boolean acked = deliver(entry);
        if (!acked) {
          pauseBeforeRedelivery();
        }
        List<PendingPublish> arrived = new ArrayList<>(0);
        lock.lock();
        try {
          queue.settle(entry, acked, arrived);
        } finally {
          lock.unlock();
        }
        queue.topic().bus().complete(arrived);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean deliver(InProcessQueue.Entry entry) {
    var delivery = new AckOnceDelivery(topic(), entry.message(), entry.attempt());
    try {
      listener.onMessage(delivery);
    } catch (Throwable failure) {
      log.debug(
          "Listener failed, message will be redelivered: topic={} id={} attempt={}",
          topic(),
          entry.message().id(),
          entry.attempt(),
          failure);
      delivery.nack();
    }
    if (Thread.interrupted()) { // a listener left its interrupt behind: do not let it stop us
      log.debug("Listener left the interrupt flag set, cleared: topic={}", topic());
    }
    if (!delivery.outcome().isDone()) {
      CompletableFuture.anyOf(delivery.outcome(), closing).join();
    }
    return delivery.settleOrAbandon();
  }

  private void pauseBeforeRedelivery() {
    Duration delay = queue.topic().bus().redeliveryDelay();
    if (delay.isZero() || closing()) {
      return;
    }
    try {
      closing.get(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException expected) {
      // the pause is over
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops deliveries after the listener call in progress returns; an unacked message goes back to
   * the queue for the other members. Idempotent; may be called from the listener itself.
   */
  @Override
  public void close() {
    ReentrantLock lock = queue.topic().lock();
    lock.lock();
    try {
      closing.complete(null);
      queue.wakeAll();
    } finally {
      lock.unlock();
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
    if (left.compareAndSet(false, true)) {
      queue.topic().leave(this);
      queue.topic().bus().forget(this);
    }
  }
}
