package dev.millrace.jdbc.internal;

import dev.millrace.core.BatchListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a consumer group. Members take turns, one batch each: a member delivers only while
 * its transaction holds the group's offset row (locked without waiting, so members on other nodes
 * simply try again after the poll interval) and, in this process, the group's gate (fair, so local
 * members alternate). It delivers the messages after the acked offset in order (to its listener in
 * batches of up to its maximum), and moves the offset past the last acked one when it commits, at
 * the end of the batch; a member that closes with a message unacked, or whose process dies, commits
 * nothing past it, so the next member delivers it again. The topic's publish order therefore holds
 * across members and nodes.
 */
public final class GroupSubscription extends SqlSubscription {

  private static final Logger log = LoggerFactory.getLogger(GroupSubscription.class);

  /** SQL states of "the row is locked" for NOWAIT on H2 and PostgreSQL. */
  private static final Set<String> LOCKED_STATES = Set.of("HYT00", "55P03");

  /** MariaDB (lock wait timeout, SQL state HY000) and MySQL (ER_LOCK_NOWAIT) error codes. */
  private static final Set<Integer> LOCKED_CODES = Set.of(1205, 3572);

  private final String group;
  private final Semaphore gate;

  private GroupSubscription(
      PubSubContext context,
      String topic,
      String group,
      Semaphore gate,
      int maxBatch,
      BatchListener listener,
      Runnable onClosed) {
    super(context, topic, maxBatch, listener, onClosed);
    this.group = group;
    this.gate = gate;
  }

  /** Creates the group's offset row when missing (a new group starts at the oldest message). */
  public static GroupSubscription start(
      PubSubContext context,
      String topic,
      String group,
      Semaphore gate,
      int maxBatch,
      BatchListener listener,
      Runnable onClosed)
      throws SQLException {
    try (Connection connection = context.dataSource().getConnection()) {
      connection.setAutoCommit(true);
      context.tables().insertGroup(connection, group, topic);
    }
    var subscription =
        new GroupSubscription(context, topic, group, gate, maxBatch, listener, onClosed);
    subscription.start("millrace-jdbc-group-" + group + "-" + topic);
    return subscription;
  }

  @Override
  protected boolean step() throws SQLException, InterruptedException {
    if (!gate.tryAcquire(context.options().pollInterval().toNanos(), TimeUnit.NANOSECONDS)) {
      return true; // a local member holds the group: look again (or notice closing)
    }
    try (Connection connection = context.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      try {
        return deliverBatch(connection);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } finally {
      gate.release();
    }
  }

  private boolean deliverBatch(Connection connection) throws SQLException {
    long acked;
    try {
      acked = context.tables().lockGroup(connection, group, topic);
    } catch (SQLException e) {
      if (!isLocked(e)) {
        throw e;
      }
      context.groupBusy().increment();
      log.debug("Group held by another node: group={} topic={}", group, topic);
      connection.rollback();
      return false;
    }
    int batchSize = context.options().batchSize();
    List<PubSubTables.Row> rows = context.tables().after(connection, topic, acked, batchSize);
    long[] lastAcked = {acked};
    boolean complete = deliverInOrder(rows, row -> lastAcked[0] = row.offset());
    if (lastAcked[0] != acked) {
      context.tables().ack(connection, group, topic, lastAcked[0]);
    }
    connection.commit();
    return complete && rows.size() == batchSize;
  }

  private static boolean isLocked(SQLException e) {
    return LOCKED_STATES.contains(String.valueOf(e.getSQLState()))
        || LOCKED_CODES.contains(e.getErrorCode());
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
