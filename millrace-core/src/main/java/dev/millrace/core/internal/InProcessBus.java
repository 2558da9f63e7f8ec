package dev.millrace.core.internal;

import dev.millrace.core.Message;
import dev.millrace.core.MessageListener;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind {@code InProcessPubSub}: topics, their queues and the subscriptions. */
public final class InProcessBus {

  private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);

  private final ConcurrentHashMap<String, InProcessTopic> topics = new ConcurrentHashMap<>();
  private final Set<QueueMember> members = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger waitingPublishes = new AtomicInteger();
  private final int bufferSize;
  private final int maxWaitingPublishes;
  private final Duration redeliveryDelay;
  private final MeterRegistry registry;
  private final Counter published;

  public InProcessBus(
      int bufferSize, int maxWaitingPublishes, Duration redeliveryDelay, MeterRegistry registry) {
    this.bufferSize = bufferSize;
    this.maxWaitingPublishes = maxWaitingPublishes;
    this.redeliveryDelay = redeliveryDelay;
    this.registry = registry;
    this.published = registry.counter("millrace.pubsub.inprocess.published");
    registry.gauge("millrace.pubsub.inprocess.waiting.publishes", waitingPublishes);
  }

  public CompletableFuture<Void> publish(String topic, Message message) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    Message stamped =
        message.metadata(Message.PUBLISHED_AT) == null
            ? message.withMetadata(Message.PUBLISHED_AT, Long.toString(epochMicros()))
            : message;
    published.increment();
    InProcessTopic target = topics.get(topic);
    return target == null ? CompletableFuture.completedFuture(null) : target.publish(stamped);
  }

  public Subscription subscribe(String topic, SubscribeOptions options, MessageListener listener) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    while (true) {
      if (closed.get()) {
        throw closedException();
      }
      InProcessTopic target = topics.computeIfAbsent(topic, name -> new InProcessTopic(name, this));
      QueueMember member = target.join(options.group(), listener);
      if (member == null) {
        continue; // the topic was being removed; make a fresh one
      }
      members.add(member);
      if (closed.get()) {
        member.close();
        throw closedException();
      }
      member.start();
      log.debug("Subscribed to topic={} group={}", topic, options.group());
      return member;
    }
  }

  public void close() {
    if (closed.compareAndSet(false, true)) {
      members.forEach(QueueMember::close);
      log.debug("In-process pub/sub closed");
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  int bufferSize() {
    return bufferSize;
  }

  int maxWaitingPublishes() {
    return maxWaitingPublishes;
  }

  Duration redeliveryDelay() {
    return redeliveryDelay;
  }

  void removeTopic(InProcessTopic topic) {
    topics.remove(topic.name(), topic);
  }

  void forget(QueueMember member) {
    members.remove(member);
  }

  void waitingChanged(int delta) {
    waitingPublishes.addAndGet(delta);
  }

  void reportStall(String topic, String subscription, boolean warn) {
    String text =
        "Subscription is not keeping up, publishes now wait for it: topic={}"
            + " subscription={} buffer={}";
    if (warn) {
      log.warn(text, topic, subscription, bufferSize);
    } else {
      log.debug(text, topic, subscription, bufferSize);
    }
    registry.counter("millrace.pubsub.inprocess.stalls", "topic", topic).increment();
  }

  /**
   * Completes publish futures on fresh virtual threads, so callers' callbacks never run on ours.
   */
  void complete(List<PendingPublish> arrived) {
    for (PendingPublish pending : arrived) {
      Thread.ofVirtual().start(pending::complete);
    }
  }

  void fail(List<PendingPublish> abandoned) {
    for (PendingPublish pending : abandoned) {
      Thread.ofVirtual().start(() -> pending.fail(closedException()));
    }
  }

  private static PubSubClosedException closedException() {
    return new PubSubClosedException("in-process pub/sub is closed");
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
