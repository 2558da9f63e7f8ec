package dev.millrace.core.internal;

import dev.millrace.core.Message;
import dev.millrace.core.MessageListener;
import dev.millrace.core.PublishOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One topic: its queues (one per fan-out subscription, one per group). A single lock guards the
 * topic and all of its queues, so concurrent publishes reach every queue in the same order.
 */
final class InProcessTopic {

  private final String name;
  private final InProcessBus bus;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<InProcessQueue> queues = new ArrayList<>();
  private long fanOutCount;
  private boolean removed;

  InProcessTopic(String name, InProcessBus bus) {
    this.name = name;
    this.bus = bus;
  }

  String name() {
    return name;
  }

  InProcessBus bus() {
    return bus;
  }

  ReentrantLock lock() {
    return lock;
  }

  CompletableFuture<Void> publish(Message message) {
    PendingPublish pending = null;
    lock.lock();
    try {
      for (InProcessQueue queue : queues) {
        if (queue.refusesWaiters()) {
          return CompletableFuture.failedFuture(
              new PublishOverflowException(
                  "subscription " + queue.label() + " of topic " + name + " is stuck"));
        }
      }
      for (InProcessQueue queue : queues) {
        if (!queue.offer(message)) {
          if (pending == null) {
            pending = new PendingPublish();
          }
          queue.park(message, pending);
        }
      }
    } finally {
      lock.unlock();
    }
    return pending == null ? CompletableFuture.completedFuture(null) : pending.future();
  }

  /** A new member of the group's queue (or of a new fan-out queue); null if the topic is gone. */
  QueueMember join(String group, MessageListener listener) {
    lock.lock();
    try {
      if (removed) {
        return null;
      }
      InProcessQueue queue = null;
      if (group != null) {
        queue = queues.stream().filter(q -> group.equals(q.group())).findFirst().orElse(null);
      }
      if (queue == null) {
        String label = group != null ? group : "fanout-" + ++fanOutCount;
        queue = new InProcessQueue(this, group, label);
        queues.add(queue);
      }
      QueueMember member = new QueueMember(queue, listener);
      queue.members().add(member);
      return member;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a member; its queue goes when it was the last member, the topic with its last queue.
   */
  void leave(QueueMember member) {
    List<PendingPublish> dropped = new ArrayList<>();
    lock.lock();
    try {
      InProcessQueue queue = member.queue();
      queue.members().remove(member);
      if (queue.members().isEmpty() && queues.remove(queue)) {
        dropped = queue.drop();
      }
      if (queues.isEmpty() && !removed) {
        removed = true;
        bus.removeTopic(this);
      }
      if (!bus.isClosed()) {
        dropped.removeIf(pending -> !pending.arrived());
      }
    } finally {
      lock.unlock();
    }
    if (bus.isClosed()) {
      bus.fail(dropped);
    } else {
      bus.complete(dropped);
    }
  }
}
