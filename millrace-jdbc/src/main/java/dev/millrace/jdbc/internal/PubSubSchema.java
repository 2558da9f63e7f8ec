package dev.millrace.jdbc.internal;

import dev.millrace.core.PubSubException;
import java.sql.Connection;
import java.sql.SQLException;

/** Creates the pub/sub tables when missing. */
public final class PubSubSchema {

  private PubSubSchema() {}

  /**
   * Idempotent and safe from several nodes at once: two nodes creating a table together may collide
   * on the catalog, and the second try then sees it.
   */
  public static void ensure(PubSubContext context) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = context.dataSource().getConnection()) {
        connection.setAutoCommit(true);
        context.tables().ensure(connection);
        return;
      } catch (SQLException e) {
        if (attempt == 3 || !OutboxTable.isConcurrentCreation(e)) {
          throw new PubSubException(
              "cannot create the pub/sub tables " + context.tables().messagesTable() + "…", e);
        }
      }
    }
  }
}
