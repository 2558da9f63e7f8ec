package dev.millrace.jdbc.internal;

import dev.millrace.core.BatchListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A fan-out subscription: starts after the topic's last committed message and sees every later one.
 * Its position lives in memory only (a new subscription, as after a restart, starts at the end
 * again), and it takes no lock, so every fan-out subscription on every node reads the whole topic.
 */
public final class FanOutSubscription extends SqlSubscription {

  private long position;

  private FanOutSubscription(
      PubSubContext context,
      String topic,
      int maxBatch,
      BatchListener listener,
      Runnable onClosed) {
    super(context, topic, maxBatch, listener, onClosed);
  }

  /**
   * Starts at the topic's first retained message with an offset of at least {@code fromOffset},
   * then sees every later one.
   */
  public static FanOutSubscription startFrom(
      PubSubContext context,
      String topic,
      long fromOffset,
      BatchListener listener,
      Runnable onClosed) {
    var subscription = new FanOutSubscription(context, topic, 1, listener, onClosed);
    subscription.position = fromOffset - 1;
    subscription.start("millrace-jdbc-replay-" + topic);
    return subscription;
  }

  /** Reads the topic's end, so the subscription sees what is published once this returns. */
  public static FanOutSubscription start(
      PubSubContext context, String topic, int maxBatch, BatchListener listener, Runnable onClosed)
      throws SQLException {
    var subscription = new FanOutSubscription(context, topic, maxBatch, listener, onClosed);
    try (Connection connection = context.dataSource().getConnection()) {
      connection.setAutoCommit(true);
      subscription.position = context.tables().lastOffset(connection, topic);
    }
    subscription.start("millrace-jdbc-fanout-" + topic);
    return subscription;
  }

  @Override
  protected boolean step() throws SQLException {
    List<PubSubTables.Row> rows;
    try (Connection connection = context.dataSource().getConnection()) {
      connection.setAutoCommit(true);
      rows = context.tables().after(connection, topic, position, context.options().batchSize());
    }
    if (!deliverInOrder(rows, row -> position = row.offset())) {
      return false;
    }
    return rows.size() == context.options().batchSize();
  }
}
