package dev.millrace.buildlogs.lifecycle;

import dev.millrace.buildlogs.builds.Repo;
import dev.millrace.buildlogs.builds.Status;
import dev.millrace.buildlogs.builds.StepRef;
import dev.millrace.buildlogs.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries behind the step lifecycle: steps no runner speaks about any more, and the mock builds
 * a node ran. Blocking: call from worker threads only.
 */
public final class LifecycleStore {

  private final Sql sql;

  public LifecycleStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * Running steps that no runner has spoken about (status or lines) since {@code silentSince}
   * (epoch milliseconds), oldest first, at most {@code limit}.
   */
  public List<StepRef> silentSteps(long silentSince, int limit) {
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT s.id, s.build_id, r.id, r.org, r.name, r.private_repo, b.number,"
                      + " s.number, s.line_count, s.truncated FROM bl_step s"
                      + " JOIN bl_build b ON b.id = s.build_id JOIN bl_repo r ON r.id = b.repo_id"
                      + " WHERE s.status = 'running'"
                      + " AND COALESCE(s.last_heard_at, s.started_at, 0) < ?"
                      + " ORDER BY s.id LIMIT "
                      + limit)) {
            ps.setLong(1, silentSince);
            return steps(ps.executeQuery(), Status.RUNNING);
          }
        });
  }

  /** Records that {@code nodeId}'s mock runner runs this build. */
  public void markMock(long buildId, String nodeId) {
    sql.inTransaction(
        c -> {
          try (var ps = c.prepareStatement("UPDATE bl_build SET mock_node = ? WHERE id = ?")) {
            ps.setString(1, nodeId);
            ps.setLong(2, buildId);
            return ps.executeUpdate();
          }
        });
  }

  /** The unfinished steps of the unfinished mock builds that {@code nodeId} ran. */
  public List<StepRef> unfinishedMockSteps(String nodeId) {
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT s.id, s.build_id, r.id, r.org, r.name, r.private_repo, b.number,"
                      + " s.number, s.line_count, s.truncated, s.status FROM bl_step s"
                      + " JOIN bl_build b ON b.id = s.build_id JOIN bl_repo r ON r.id = b.repo_id"
                      + " WHERE b.mock_node = ? AND s.status IN ('pending', 'running')"
                      + " ORDER BY s.build_id, s.number")) {
            ps.setString(1, nodeId);
            return steps(ps.executeQuery(), null);
          }
        });
  }

  private static List<StepRef> steps(ResultSet rs, Status status) throws SQLException {
    var steps = new ArrayList<StepRef>();
    while (rs.next()) {
      var repo = new Repo(rs.getLong(3), rs.getString(4), rs.getString(5), rs.getBoolean(6));
      steps.add(
          new StepRef(
              rs.getLong(1),
              rs.getLong(2),
              repo,
              rs.getInt(7),
              rs.getInt(8),
              status != null ? status : Status.parse(rs.getString(11)),
              rs.getInt(9),
              rs.getBoolean(10)));
    }
    return steps;
  }
}
