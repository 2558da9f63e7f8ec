package dev.millrace.buildlogs.auth;

import dev.millrace.buildlogs.db.Sql;
import java.time.Clock;
import java.time.Instant;

/**
 * Viewer sessions in the write model's database, so a sign-out holds on every node and across
 * restarts. Sessions are keyed by the hex SHA-256 of their id. Blocking: worker threads only.
 * Thread-safe.
 */
public final class SessionStore {

  private final Sql sql;
  private final Clock clock;

  public SessionStore(Sql sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  /** Records a new session valid until {@code expiresAt}, and drops the expired ones. */
  public void create(String idHash, Instant expiresAt) {
    long now = clock.millis();
    sql.inTransaction(
        c -> {
          try (var purge =
                  c.prepareStatement("DELETE FROM bl_viewer_session WHERE expires_at <= ?");
              var insert =
                  c.prepareStatement(
                      "INSERT INTO bl_viewer_session (id_hash, created_at, expires_at)"
                          + " VALUES (?, ?, ?)")) {
            purge.setLong(1, now);
            purge.executeUpdate();
            insert.setString(1, idHash);
            insert.setLong(2, now);
            insert.setLong(3, expiresAt.toEpochMilli());
            insert.executeUpdate();
          }
          return null;
        });
  }

  /** Whether the session exists, was not signed out, and has not expired. */
  public boolean isActive(String idHash) {
    long now = clock.millis();
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT 1 FROM bl_viewer_session WHERE id_hash = ? AND expires_at > ?")) {
            ps.setString(1, idHash);
            ps.setLong(2, now);
            return ps.executeQuery().next();
          }
        });
  }

  /** Ends the session: its cookie is refused from now on, on every node. Idempotent. */
  public void revoke(String idHash) {
    sql.inTransaction(
        c -> {
          try (var ps = c.prepareStatement("DELETE FROM bl_viewer_session WHERE id_hash = ?")) {
            ps.setString(1, idHash);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
