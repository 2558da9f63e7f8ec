package dev.millrace.jdbc.internal;

import dev.millrace.core.Publisher;
import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetterMeters;
import dev.millrace.core.deadletter.DeadLetterStore;
import dev.millrace.core.deadletter.FailureClassifier;
import dev.millrace.core.deadletter.FailureKind;
import dev.millrace.jdbc.OutboxOptions;
import dev.millrace.jdbc.OutboxRelay;
import io.micrometer.core.instrument.Counter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay loop: one batch per transaction under the lock row, then a wait for a signal or the
 * poll interval. After a signal it polls again after 1, 2, 4… ms, because the appending transaction
 * may not have committed yet when the signal arrives.
 *
 * <p>A row the publisher refuses for what it is ({@link FailureKind#PERMANENT}) is tried {@link
 * OutboxOptions#maxPublishAttempts()} times, then stored as a dead letter and marked sent, so the
 * rows behind it go on (still in order per topic). A failure that means the broker is unavailable
 * is retried after every poll interval, without limit.
 */
public final class RelayWorker implements OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(RelayWorker.class);
  private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

  private final DataSource dataSource;
  private final OutboxOptions options;
  private final OutboxTable table;
  private final WakeSignal signal;
  private final BatchPublisher batchPublisher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Counter published;
  private final Counter failures;
  private final DeadLetterStore deadLetters;
  private final String deadLetterHandler;
  private final DeadLetterMeters deadLetterMeters;
  private final Map<Long, RowFailures> refusals = new HashMap<>();
  private boolean setAside;
  private Instant lastPurge = Instant.EPOCH;
  private Thread thread;

  private RelayWorker(
      DataSource dataSource,
      OutboxOptions options,
      OutboxTable table,
      WakeSignal signal,
      Publisher publisher,
      DeadLetterStore deadLetters,
      String deadLetterHandler) {
    this.dataSource = dataSource;
    this.deadLetters = deadLetters;
    this.deadLetterHandler = deadLetterHandler;
    this.deadLetterMeters =
        DeadLetterMeters.register(options.meterRegistry(), deadLetters, deadLetterHandler);
    this.options = options;
    this.table = table;
    this.signal = signal;
    this.batchPublisher = new BatchPublisher(publisher, options.publishTimeout());
    this.published =
        options.meterRegistry().counter("millrace.outbox.published", "table", options.table());
    this.failures =
        options.meterRegistry().counter("millrace.outbox.failures", "table", options.table());
  }

  public static RelayWorker start(
      DataSource dataSource,
      OutboxOptions options,
      OutboxTable table,
      WakeSignal signal,
      Publisher publisher,
      DeadLetterStore deadLetters,
      String deadLetterHandler) {
    var worker =
        new RelayWorker(
            dataSource, options, table, signal, publisher, deadLetters, deadLetterHandler);
    worker.thread =
        Thread.ofVirtual().name("millrace-outbox-relay-" + options.table()).start(worker::run);
    log.debug("Outbox relay started: table={}", options.table());
    return worker;
  }

  private void run() {
    long seen = signal.generation();
    long eagerMillis = 1;
    long pollMillis = options.pollInterval().toMillis();
    try {
      while (!closed.get()) {
        setAside = false;
        int relayed = relayOnce();
        if (relayed == options.batchSize() || setAside || closed.get()) {
          continue;
        }
        Duration wait = options.pollInterval();
        if (eagerMillis > 0 && eagerMillis < pollMillis) {
          wait = Duration.ofMillis(eagerMillis);
          eagerMillis *= 2;
        } else {
          eagerMillis = 0;
        }
        long latest = signal.awaitAfter(seen, wait);
        if (latest != seen) {
          seen = latest;
          eagerMillis = 1;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.debug("Outbox relay stopped: table={}", options.table());
  }

  /** One batch; the number of rows published and marked, or -1 after a failure. */
  private int relayOnce() {
    try {
      return relayBatch();
    } catch (SQLException | RuntimeException e) {
      failures.increment();
      log.warn("Outbox relay batch failed, will retry: table={}", options.table(), e);
      return -1;
    }
  }

  private int relayBatch() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      try {
        table.lockRelay(connection);
        List<OutboxRow> rows = table.pending(connection, options.batchSize());
        var outcome = batchPublisher.publish(rows);
        int sent = outcome.accepted();
        int done = sent;
        if (sent < rows.size() && refusedForGood(rows.get(sent), outcome.failure())) {
          done = sent + 1;
        }
        List<OutboxRow> marked = new java.util.ArrayList<>(rows.subList(0, done));
        marked.addAll(outcome.acceptedAfter());
        if (!marked.isEmpty()) {
          table.markSent(connection, marked, Instant.now());
        }
        purgeNow(connection);
        connection.commit();
        published.increment(sent + outcome.acceptedAfter().size());
        if (done > sent) {
          setAside = true;
          deadLetterMeters.setAside();
          refusals.remove(rows.get(sent).seq());
          return sent;
        }
        if (sent < rows.size()) {
          failures.increment();
          return -1;
        }
        return sent;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    }
  }

  private record RowFailures(Instant first, int count) {}

  /**
   * Counts a refusal of {@code row}; on the last allowed attempt stores it as a dead letter and
   * returns {@code true} (the caller marks it sent). Transient failures count nothing.
   */
  private boolean refusedForGood(OutboxRow row, Throwable failure) {
    if (FailureClassifier.standard().classify(failure) == FailureKind.TRANSIENT) {
      return false;
    }
    Instant now = Instant.now();
    if (refusals.size() > 10_000) {
      refusals.clear();
    }
    var refused =
        refusals.merge(
            row.seq(),
            new RowFailures(now, 1),
            (old, one) -> new RowFailures(old.first(), old.count() + 1));
    if (refused.count() < options.maxPublishAttempts()) {
      return false;
    }
    var letter =
        DeadLetter.of(
            deadLetterHandler,
            row.topic(),
            row.message(),
            DeadLetter.reasonOf(failure),
            refused.count(),
            refused.first(),
            now);
    deadLetters.add(letter); // durable before the row is marked; a failure keeps the row pending
    log.warn(
        "Outbox row set aside as dead letter: table={} topic={} id={} deadLetterId={} attempts={}"
            + " reason={}",
        options.table(),
        row.topic(),
        row.message().id(),
        letter.id(),
        refused.count(),
        letter.reason());
    return true;
  }

  private void purgeNow(Connection connection) throws SQLException {
    Instant now = Instant.now();
    if (lastPurge.plus(PURGE_EVERY).isBefore(now)) {
      lastPurge = now;
      int purged = table.purgeSentBefore(connection, now.minus(options.sentRetention()));
      log.debug("Outbox purged {} sent rows: table={}", purged, options.table());
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    signal.signal();
    Thread worker = thread;
    if (worker == Thread.currentThread()) {
      return;
    }
    try {
      if (!worker.join(options.publishTimeout().plus(options.pollInterval()))) {
        log.warn("Outbox relay did not stop in time, interrupting: table={}", options.table());
        worker.interrupt();
        worker.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
