package dev.millrace.nats.internal;

import dev.millrace.core.BatchListener;
import dev.millrace.core.MessageListener;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PubSubException;
import dev.millrace.core.Subscription;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.Connection;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the subscriptions of one pub/sub and closes them all with it. */
public final class NatsSubscriptions {

  private static final Logger log = LoggerFactory.getLogger(NatsSubscriptions.class);

  /** Messages a group may have in flight: one per member, up to this many members. */
  static final int MAX_GROUP_IN_FLIGHT = 1000;

  private final Connection connection;
  private final StreamContext stream;
  private final JetStreamPubSubOptions options;
  private final Subjects subjects;
  private final PubSubStats stats;
  private final Set<ConsumerLoop> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("millrace-nats-heartbeat").factory());
  private volatile boolean closed;

  public NatsSubscriptions(
      Connection connection,
      StreamContext stream,
      JetStreamPubSubOptions options,
      Subjects subjects,
      PubSubStats stats) {
    this.connection = connection;
    this.stream = stream;
    this.options = options;
    this.subjects = subjects;
    this.stats = stats;
  }

  /** A member of {@code group}, served by the group's durable consumer. */
  public Subscription subscribeGroup(String topic, String group, MessageListener listener) {
    Objects.requireNonNull(listener, "listener");
    return subscribeGroup(
        topic,
        group,
        config ->
            onClose ->
                new GroupConsumer(stream, config, heartbeats, topic, listener, stats, onClose));
  }

  /** A member of {@code group} whose listener takes batches of up to {@code maxBatch}. */
  public Subscription subscribeGroup(
      String topic, String group, int maxBatch, BatchListener listener) {
    Objects.requireNonNull(listener, "listener");
    return subscribeGroup(
        topic,
        group,
        config ->
            onClose ->
                new GroupConsumer(
                    stream, config, heartbeats, topic, maxBatch, listener, stats, onClose));
  }

  private Subscription subscribeGroup(
      String topic,
      String group,
      java.util.function.Function<ConsumerConfiguration, LoopFactory> member) {
    var subject = subjects.subject(topic);
    var durable = Subjects.durableName(group, topic);
    var config =
        ConsumerConfiguration.builder()
            .durable(durable)
            .filterSubject(subject)
            .deliverPolicy(DeliverPolicy.New)
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(options.ackWait())
            .maxDeliver(options.maxDeliver())
            .maxAckPending(MAX_GROUP_IN_FLIGHT)
            .build();
    return register(
        "group " + group + " on topic " + topic, member.apply(config), "millrace-nats-" + durable);
  }

  /** A fan-out subscription from stream sequence {@code fromSequence}, or from now when 0. */
  public Subscription subscribeFanOut(String topic, long fromSequence, MessageListener listener) {
    var subject = subjects.subject(topic);
    Objects.requireNonNull(listener, "listener");
    return register(
        "topic " + topic,
        onClose -> {
          long start = fromSequence > 0 ? fromSequence : nextSequence();
          return new FanOutConsumer(
              connection, stream, subject, start, topic, listener, stats, onClose);
        },
        "millrace-nats-" + topic);
  }

  private long nextSequence() throws Exception {
    return stream.getStreamInfo().getStreamState().getLastSequence() + 1;
  }

  private interface LoopFactory {
    ConsumerLoop create(Runnable onClose) throws Exception;
  }

  private Subscription register(String what, LoopFactory factory, String threadName) {
    if (closed) {
      throw new PubSubClosedException("subscriber is closed");
    }
    var holder = new ConsumerLoop[1];
    ConsumerLoop loop;
    try {
      loop = factory.create(() -> open.remove(holder[0]));
    } catch (Exception e) {
      throw new PubSubException("Cannot subscribe " + what + ": " + e, e);
    }
    holder[0] = loop;
    open.add(loop);
    loop.start(threadName);
    if (closed) {
      loop.close();
      throw new PubSubClosedException("subscriber is closed");
    }
    log.debug("Subscribed {}", what);
    return loop;
  }

  /** Closes every subscription: each finishes its listener call in progress first. */
  public void close() {
    closed = true;
    List<ConsumerLoop> loops = List.copyOf(open);
    loops.forEach(ConsumerLoop::signalClose);
    loops.forEach(ConsumerLoop::awaitClosed);
    heartbeats.shutdownNow();
  }
}
