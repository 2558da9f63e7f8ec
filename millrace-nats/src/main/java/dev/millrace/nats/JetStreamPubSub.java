package dev.millrace.nats;

import dev.millrace.core.BatchListener;
import dev.millrace.core.Message;
import dev.millrace.core.MessageListener;
import dev.millrace.core.PubSubException;
import dev.millrace.core.Publisher;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import dev.millrace.nats.internal.NatsConnector;
import dev.millrace.nats.internal.NatsPublisher;
import dev.millrace.nats.internal.NatsSubscriptions;
import dev.millrace.nats.internal.PubSubStats;
import dev.millrace.nats.internal.StreamProvisioner;
import dev.millrace.nats.internal.Subjects;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publisher and subscriber over NATS JetStream, for several nodes sharing one NATS server or
 * cluster.
 *
 * <ul>
 *   <li><b>Publish</b>: topic {@code t} goes to subject {@code <prefix>.t} of the options' stream,
 *       which is created on start if missing (or given the options' limits if its own differ). The
 *       message id is sent as {@code Nats-Msg-Id}, so the server drops a republished message within
 *       the stream's duplicate window; metadata travels as headers, with {@link
 *       Message#PUBLISHED_AT} set when absent. The future completes (on a virtual thread) when the
 *       server has stored the message, and fails with {@link PubSubException} when it refused or
 *       did not answer within the publish timeout. Publishing never blocks the caller.
 *   <li><b>Group subscriptions</b> share a durable consumer named after group and topic: each
 *       message goes to one member on any node, with explicit acks. A nack redelivers it to the
 *       same member at once; a member closing with it unacked, or dying and letting the ack wait
 *       run out, hands it to another member. The group outlives its members: what is published
 *       while none runs waits for the next one. Members work in parallel, so only a group with one
 *       member keeps the topic's publish order.
 *   <li><b>Fan-out subscriptions</b> are ordered consumers of this node: every subscription on
 *       every node sees every message published after it was made. {@link #subscribeFrom} starts
 *       them at an earlier stream sequence instead.
 * </ul>
 *
 * <p>Topics must be valid subject tokens (no whitespace, {@code *} or {@code >}, no empty token):
 * {@code publish} and {@code subscribe} throw {@link IllegalArgumentException} otherwise, as {@code
 * publish} does for metadata keys starting with {@code Nats-}.
 *
 * <p>Each subscription calls its listener from its own virtual thread, one message at a time. A
 * connection made from a URL reconnects forever with backoff; {@link #isConnected()} tells whether
 * it is currently up (for health checks). Thread-safe. {@link #close()} stops every subscription,
 * waits for unacknowledged publishes (up to the publish timeout), and closes the connection if this
 * object opened it.
 */
public final class JetStreamPubSub implements Publisher, Subscriber, ReplaySubscriber, MeterBinder {

  private final Connection connection;
  private final boolean ownsConnection;
  private final JetStreamPubSubOptions options;
  private final PubSubStats stats = new PubSubStats();
  private final NatsPublisher publisher;
  private final NatsSubscriptions subscriptions;
  private final AtomicBoolean closed;

  private JetStreamPubSub(
      Connection connection,
      boolean ownsConnection,
      JetStreamPubSubOptions options,
      AtomicBoolean closed) {
    this.connection = connection;
    this.closed = closed;
    this.ownsConnection = ownsConnection;
    this.options = options;
    var subjects = new Subjects(options.subjectPrefix());
    try {
      StreamProvisioner.ensureStream(connection.jetStreamManagement(), options);
      this.publisher = new NatsPublisher(connection.jetStream(), options, subjects, stats);
      this.subscriptions =
          new NatsSubscriptions(
              connection,
              connection.getStreamContext(options.streamName()),
              options,
              subjects,
              stats);
    } catch (PubSubException e) {
      throw e;
    } catch (Exception e) {
      throw new PubSubException("Cannot open stream " + options.streamName() + ": " + e, e);
    }
  }

  /** Uses {@code connection}, which the caller keeps owning and closes after this object. */
  public static JetStreamPubSub create(Connection connection, JetStreamPubSubOptions options) {
    return new JetStreamPubSub(connection, false, options, new AtomicBoolean());
  }

  /**
   * Connects to {@code url} (such as {@code nats://127.0.0.1:4222}) and creates the stream if
   * missing.
   *
   * @throws NatsUnreachableException when no server answers at {@code url}
   */
  public static JetStreamPubSub create(String url, JetStreamPubSubOptions options) {
    var closed = new AtomicBoolean();
    var connection = NatsConnector.connect(url, closed::get);
    try {
      return new JetStreamPubSub(connection, true, options, closed);
    } catch (RuntimeException e) {
      closed.set(true);
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * {@link #create(String, JetStreamPubSubOptions)} with {@link JetStreamPubSubOptions#DEFAULTS}.
   */
  public static JetStreamPubSub create(String url) {
    return create(url, JetStreamPubSubOptions.DEFAULTS);
  }

  public JetStreamPubSubOptions options() {
    return options;
  }

  /** Whether the connection to NATS is currently up; false while reconnecting or after close. */
  public boolean isConnected() {
    return connection.getStatus() == Connection.Status.CONNECTED;
  }

  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    return publisher.publish(topic, message);
  }

  @Override
  public Subscription subscribe(String topic, SubscribeOptions options, MessageListener listener) {
    return options.group() == null
        ? subscriptions.subscribeFanOut(topic, 0, listener)
        : subscriptions.subscribeGroup(topic, options.group(), listener);
  }

  /**
   * Members of a consumer group get the messages of each pull together, up to {@code maxBatch};
   * fan-out subscriptions get them one at a time.
   */
  @Override
  public Subscription subscribeBatches(
      String topic, SubscribeOptions options, int maxBatch, BatchListener listener) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    return options.group() == null || maxBatch == 1
        ? Subscriber.super.subscribeBatches(topic, options, maxBatch, listener)
        : subscriptions.subscribeGroup(topic, options.group(), maxBatch, listener);
  }

  @Override
  public Subscription subscribeFrom(String topic, long fromSequence, MessageListener listener) {
    if (fromSequence < 1) {
      throw new IllegalArgumentException("fromSequence must be at least 1: " + fromSequence);
    }
    return subscriptions.subscribeFanOut(topic, fromSequence, listener);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    var tags = Tags.of("stream", options.streamName());
    stats.bindTo(registry, tags);
    Gauge.builder("millrace.nats.connected", this, pubSub -> pubSub.isConnected() ? 1 : 0)
        .description("1 while the connection to NATS is up")
        .tags(tags)
        .register(registry);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    subscriptions.close();
    publisher.close(options.publishTimeout());
    if (ownsConnection) {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
