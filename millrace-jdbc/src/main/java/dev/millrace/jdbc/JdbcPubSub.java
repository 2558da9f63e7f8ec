package dev.millrace.jdbc;

import dev.millrace.core.BatchListener;
import dev.millrace.core.Message;
import dev.millrace.core.MessageListener;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PubSubException;
import dev.millrace.core.Publisher;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import dev.millrace.jdbc.internal.FanOutSubscription;
import dev.millrace.jdbc.internal.GroupSubscription;
import dev.millrace.jdbc.internal.PubSubContext;
import dev.millrace.jdbc.internal.PubSubSchema;
import dev.millrace.jdbc.internal.PublishWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A durable pub/sub in SQL tables (H2, MariaDB/MySQL, PostgreSQL), for the embedded default and for
 * several nodes sharing one database without a broker.
 *
 * <ul>
 *   <li><b>Publish</b> appends the message to {@code <prefix>messages} (offset from an identity
 *       column) with {@link Message#PUBLISHED_AT} set when absent. The future completes, on a
 *       virtual thread, once the row is committed, and fails with {@link PubSubException} when the
 *       write failed; it never blocks the caller. Publishes to one topic commit one transaction at
 *       a time (a lock on the topic's row), so offsets grow in commit order and no reader skips a
 *       late commit; concurrent publishes in this process share one transaction.
 *   <li><b>Group subscriptions</b> keep the group's acked offset per topic in {@code
 *       <prefix>offsets}. One member at a time, on any node, delivers: it locks the group's row for
 *       one batch, so the group sees the topic in publish order; the other members take over at the
 *       next batch, or when it closes or its process dies. An ack moves the offset (committed at
 *       the end of the batch; a crash before that delivers the batch's acked messages again). A
 *       group outlives its members: a new group starts at the oldest retained message, and what is
 *       published while no member runs waits for the next one.
 *   <li><b>Fan-out subscriptions</b> start at the topic's last message and see every later one; the
 *       position is kept in memory, per subscription, so every subscription on every node sees
 *       everything published while it is open. {@link #subscribeFrom} starts one at an earlier
 *       offset instead (1: the oldest retained message), to read a topic's history back.
 * </ul>
 *
 * <p>Each subscription calls its listener from its own virtual thread, one message at a time; a
 * nack or a listener exception delivers the same message again (attempt plus one) before the next.
 * Subscriptions wake at once on publishes made in this JVM (same table prefix) and poll every
 * {@link JdbcPubSubOptions#pollInterval()} for the others. Messages are purged once every group of
 * their topic acked them and they are past the retention or not among the topic's newest {@link
 * JdbcPubSubOptions#maxMessagesPerTopic()}: when the pub/sub is created, so a subscription reading
 * the history back starts within the limits, and every purge interval. A subscription holds a
 * database connection while it delivers a batch: size the pool for the subscriptions plus one for
 * publishing.
 *
 * <p>Thread-safe. {@link #close()} closes every subscription (waiting for the listener calls in
 * progress), writes the publishes already accepted, then fails later ones with {@link
 * PubSubClosedException}. The data source is not closed.
 */
public final class JdbcPubSub implements Publisher, Subscriber {

  private final PubSubContext context;
  private final PublishWriter writer;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcPubSub(DataSource dataSource, JdbcPubSubOptions options) {
    this.context = PubSubContext.create(dataSource, options);
    PubSubSchema.ensure(context);
    this.writer = new PublishWriter(context);
    writer.purgeNow();
  }

  /**
   * Creates the tables when missing (idempotent, safe from several nodes at once), starts the
   * publisher and purges what is past the limits.
   *
   * @throws PubSubException when the tables cannot be created
   */
  public static JdbcPubSub create(DataSource dataSource, JdbcPubSubOptions options) {
    return new JdbcPubSub(
        Objects.requireNonNull(dataSource, "dataSource"),
        Objects.requireNonNull(options, "options"));
  }

  /** {@link #create(DataSource, JdbcPubSubOptions)} with {@link JdbcPubSubOptions#defaults()}. */
  public static JdbcPubSub create(DataSource dataSource) {
    return create(dataSource, JdbcPubSubOptions.defaults());
  }

  public JdbcPubSubOptions options() {
    return context.options();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    requireTopic(topic);
    Objects.requireNonNull(message, "message");
    if (closed.get()) {
      return CompletableFuture.failedFuture(new PubSubClosedException("JDBC pub/sub is closed"));
    }
    return writer.publish(topic, stamped(message));
  }

  /** Stores {@code messages} in order in one transaction: all of them, or none. */
  @Override
  public CompletableFuture<HeldPrefix> publishInOrder(String topic, List<Message> messages) {
    requireTopic(topic);
    Objects.requireNonNull(messages, "messages");
    if (closed.get()) {
      return CompletableFuture.completedFuture(
          new HeldPrefix(0, new PubSubClosedException("JDBC pub/sub is closed")));
    }
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(new HeldPrefix(0, null));
    }
    return writer
        .publishAll(topic, messages.stream().map(JdbcPubSub::stamped).toList())
        .handle(
            (stored, error) ->
                error == null
                    ? new HeldPrefix(messages.size(), null)
                    : new HeldPrefix(
                        0,
                        error instanceof CompletionException && error.getCause() != null
                            ? error.getCause()
                            : error));
  }

  private static Message stamped(Message message) {
    Objects.requireNonNull(message, "message");
    return message.metadata(Message.PUBLISHED_AT) == null
        ? message.withMetadata(Message.PUBLISHED_AT, Long.toString(epochMicros()))
        : message;
  }

  @Override
  public Subscription subscribe(String topic, SubscribeOptions options, MessageListener listener) {
    Objects.requireNonNull(listener, "listener");
    return subscribe(topic, options, 1, batch -> listener.onMessage(batch.getFirst()));
  }

  /** Every kind of subscription here delivers batches. */
  @Override
  public Subscription subscribeBatches(
      String topic, SubscribeOptions options, int maxBatch, BatchListener listener) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    Objects.requireNonNull(listener, "listener");
    return subscribe(topic, options, maxBatch, listener);
  }

  private Subscription subscribe(
      String topic, SubscribeOptions options, int maxBatch, BatchListener listener) {
    requireTopic(topic);
    Objects.requireNonNull(options, "options");
    if (options.group() != null && options.group().length() > 255) {
      throw new IllegalArgumentException("group must be at most 255 characters");
    }
    if (closed.get()) {
      throw new PubSubClosedException("JDBC pub/sub is closed");
    }
    Subscription[] made = new Subscription[1];
    Runnable forget = () -> subscriptions.remove(made[0]);
    try {
      made[0] =
          options.group() == null
              ? FanOutSubscription.start(context, topic, maxBatch, listener, forget)
              : GroupSubscription.start(
                  context,
                  topic,
                  options.group(),
                  gate(options.group(), topic),
                  maxBatch,
                  listener,
                  forget);
    } catch (SQLException e) {
      throw new PubSubException("cannot subscribe to topic " + topic + ": " + e, e);
    }
    subscriptions.add(made[0]);
    if (closed.get()) {
      made[0].close();
      throw new PubSubClosedException("JDBC pub/sub is closed");
    }
    return made[0];
  }

  /**
   * A fan-out subscription that starts at the topic's first retained message whose offset is at
   * least {@code fromOffset} (1 for the whole retained history), then sees every later one, in
   * offset order. Same delivery guarantees as {@link #subscribe}.
   */
  public Subscription subscribeFrom(String topic, long fromOffset, MessageListener listener) {
    requireTopic(topic);
    Objects.requireNonNull(listener, "listener");
    if (fromOffset < 1) {
      throw new IllegalArgumentException("fromOffset must be at least 1: " + fromOffset);
    }
    if (closed.get()) {
      throw new PubSubClosedException("JDBC pub/sub is closed");
    }
    Subscription[] made = new Subscription[1];
    made[0] =
        FanOutSubscription.startFrom(
            context,
            topic,
            fromOffset,
            batch -> listener.onMessage(batch.getFirst()),
            () -> subscriptions.remove(made[0]));
    subscriptions.add(made[0]);
    if (closed.get()) {
      made[0].close();
      throw new PubSubClosedException("JDBC pub/sub is closed");
    }
    return made[0];
  }

  /** Whether the database answers a query on the messages table (for health checks). */
  public boolean isHealthy() {
    if (closed.get()) {
      return false;
    }
    try (Connection connection = context.dataSource().getConnection()) {
      context.tables().probe(connection);
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Subscription subscription : List.copyOf(subscriptions)) {
      subscription.close();
    }
    writer.close();
  }

  private Semaphore gate(String group, String topic) {
    return gates.computeIfAbsent(group + '\u0000' + topic, key -> new Semaphore(1, true));
  }

  private static void requireTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isBlank() || topic.length() > 255) {
      throw new IllegalArgumentException("topic must be 1 to 255 characters: " + topic);
    }
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
