package dev.millrace.jdbc.internal;

import dev.millrace.core.Message;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PubSubException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes published messages on one virtual thread, in the order they were published: everything
 * waiting is written in one transaction (up to the batch size), after locking the row of each topic
 * in it, so the messages of a topic are committed in offset order even with several publishing
 * nodes (a sole writer, one transaction after another, needs no lock for that). A publish
 * completes, on a fresh virtual thread, once its transaction committed; it fails with {@link
 * PubSubException} when the transaction failed (nothing of the batch was stored). Also purges the
 * messages past the retention or count limit every purge interval.
 */
public final class PublishWriter {

  private static final Logger log = LoggerFactory.getLogger(PublishWriter.class);

  /** Wakes the writer on close; never interrupt it, since JDBC drivers may close on interrupt. */
  private static final PendingPublish WAKE = new PendingPublish("", null, null);

  private final PubSubContext context;
  private final LinkedBlockingQueue<PendingPublish> queue = new LinkedBlockingQueue<>();
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;
  private Instant lastPurge = Instant.now();
  private Thread purger;

  public PublishWriter(PubSubContext context) {
    this.context = context;
    this.thread =
        Thread.ofVirtual()
            .name("millrace-jdbc-publisher-" + context.options().tablePrefix())
            .start(this::run);
  }

  public CompletableFuture<Void> publish(String topic, Message message) {
    return publishAll(topic, List.of(message));
  }

  /** Publishes {@code messages} in order in one transaction: all are stored, or none. */
  public CompletableFuture<Void> publishAll(String topic, List<Message> messages) {
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    var pending = new PendingPublish(topic, List.copyOf(messages), new CompletableFuture<>());
    queue.add(pending);
    if (closed && !thread.isAlive()) {
      failLeftovers(); // the writer may have stopped before our message arrived
    }
    return pending.future();
  }

  private void run() {
    int max = context.options().batchSize();
    while (!closed || !queue.isEmpty()) {
      try {
        PendingPublish first =
            queue.poll(context.options().purgeInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          List<PendingPublish> batch = new ArrayList<>(Math.min(max, queue.size() + 1));
          batch.add(first);
          queue.drainTo(batch, max - 1);
          batch.removeIf(pending -> pending == WAKE);
          if (!batch.isEmpty()) {
            write(batch);
          }
        }
        purgeIfDue();
      } catch (InterruptedException e) {
        if (!closed) {
          log.warn("Publisher interrupted while open: prefix={}", context.options().tablePrefix());
        }
      }
    }
  }

  private void write(List<PendingPublish> batch) {
    long started = System.nanoTime();
    Set<String> topics = new TreeSet<>(); // locked in one order everywhere: no deadlock
    batch.forEach(pending -> topics.add(pending.topic()));
    try (Connection connection = context.dataSource().getConnection()) {
      connection.setAutoCommit(true);
      for (String topic : topics) {
        if (knownTopics.add(topic)) {
          context.tables().insertTopic(connection, topic);
        }
      }
      connection.setAutoCommit(false);
      try {
        if (!context.options().soleWriter()) {
          for (String topic : topics) {
            context.tables().lockTopic(connection, topic);
          }
        }
        context.tables().insertMessages(connection, batch);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      knownTopics.removeAll(topics);
      int count = messageCount(batch);
      context.publishFailures().increment(count);
      log.warn(
          "Publishing failed: prefix={} messages={}", context.options().tablePrefix(), count, e);
      var failure = new PubSubException("cannot store " + count + " message(s): " + e, e);
      Thread.ofVirtual().start(() -> batch.forEach(p -> p.future().completeExceptionally(failure)));
      return;
    }
    context.publishBatches().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    context.published().increment(messageCount(batch));
    topics.forEach(topic -> context.signal(topic).signal());
    Thread.ofVirtual().start(() -> batch.forEach(p -> p.future().complete(null)));
  }

  private static int messageCount(List<PendingPublish> batch) {
    return batch.stream().mapToInt(pending -> pending.messages().size()).sum();
  }

  /** Purges on a thread of its own, so a purge waiting for a lock never holds up publishing. */
  private void purgeIfDue() {
    Instant now = Instant.now();
    if (lastPurge.plus(context.options().purgeInterval()).isAfter(now)
        || (purger != null && purger.isAlive())) {
      return;
    }
    lastPurge = now;
    purger = Thread.ofVirtual().name("millrace-jdbc-purge").start(() -> purge(now));
  }

  /**
   * Purges what is past the retention and count limits now, on the caller's thread (a failure is
   * logged, as for the periodic purge).
   */
  public void purgeNow() {
    purge(Instant.now());
  }

  private void purge(Instant now) {
    try (Connection connection = context.dataSource().getConnection()) {
      connection.setAutoCommit(true);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      var options = context.options();
      int purged =
          context
              .tables()
              .purge(connection, now.minus(options.retention()), options.maxMessagesPerTopic());
      context.purged().increment(purged);
      log.debug("Purged {} messages: prefix={}", purged, context.options().tablePrefix());
    } catch (SQLException | RuntimeException e) {
      if (!closed) {
        log.warn("Purging old messages failed: prefix={}", context.options().tablePrefix(), e);
      }
    }
  }

  /** Writes what was published before, then stops; later publishes fail. */
  public void close() {
    closed = true;
    queue.add(WAKE);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    failLeftovers();
    Thread purging = purger;
    if (purging != null) {
      try {
        purging.join(java.time.Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void failLeftovers() {
    PendingPublish pending;
    while ((pending = queue.poll()) != null) {
      if (pending != WAKE) {
        pending.future().completeExceptionally(closedException());
      }
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static PubSubClosedException closedException() {
    return new PubSubClosedException("JDBC pub/sub is closed");
  }
}
