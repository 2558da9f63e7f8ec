package dev.millrace.buildlogs.ingest;

import dev.millrace.buildlogs.builds.Status;
import dev.millrace.buildlogs.db.Sql;
import dev.millrace.buildlogs.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The log lines of steps: append-only, unique on (step, line number), contiguous from 1.
 *
 * <p>Appends to one step are serialised by a lock on the step row, so lines become visible in
 * number order: a reader that has seen line n never later discovers a line below n. That is what
 * makes "every line after Last-Event-ID" exact on any node. Blocking: call from worker threads.
 */
public final class LogStore {

  static final String CAP_MARKER =
      "\u001b[33;1m[log truncated: this step's output reached the %s cap; further lines are"
          + " discarded, the step goes on]\u001b[0m";

  private final Sql sql;

  public LogStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * Appends lines to a step. Lines already stored are skipped (idempotent re-send); the first new
   * line must follow the last stored one. Once the step's log reaches {@code capBytes}, a marker
   * line is stored once and later lines are refused.
   *
   * @throws ApiException 409 {@code line_gap} when lines are missing before the batch, 409 {@code
   *     step_finished} when the step has finished
   */
  public AppendResult append(
      long stepId, List<IncomingLine> batch, SecretMasker masker, long capBytes) {
    var byNumber = new TreeMap<Integer, IncomingLine>();
    for (var line : batch) {
      byNumber.putIfAbsent(line.number(), line);
    }
    return sql.inTransaction(c -> append(c, stepId, byNumber, masker, capBytes));
  }

  private AppendResult append(
      Connection c,
      long stepId,
      TreeMap<Integer, IncomingLine> lines,
      SecretMasker masker,
      long capBytes)
      throws SQLException {
    String status;
    int last;
    long bytes;
    boolean truncated;
    try (var ps =
        c.prepareStatement(
            "SELECT status, line_count, log_bytes, truncated FROM bl_step WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, stepId);
      var rs = ps.executeQuery();
      if (!rs.next()) {
        throw ApiException.notFound("no such step");
      }
      status = rs.getString(1);
      last = rs.getInt(2);
      bytes = rs.getLong(3);
      truncated = rs.getBoolean(4);
    }
    var fresh = lines.tailMap(last, false);
    int duplicates = lines.size() - fresh.size();
    if (fresh.isEmpty()) {
      return new AppendResult(0, duplicates, 0, last, truncated);
    }
    if (Status.parse(status).finished()) {
      throw ApiException.conflict("step_finished", "the step has finished: no more lines");
    }
    if (truncated) {
      return new AppendResult(0, duplicates, fresh.size(), last, true);
    }
    checkContiguous(fresh, last);
    var rows = new ArrayList<StoredLine>();
    int refused = 0;
    for (var line : fresh.values()) {
      var content = LineLimits.encode(masker.mask(line.text()));
      if (bytes + content.length > capBytes) {
        refused = fresh.size() - rows.size();
        rows.add(new StoredLine(last + rows.size() + 1, marker(capBytes)));
        truncated = true;
        break;
      }
      bytes += content.length;
      rows.add(new StoredLine(line.number(), content));
    }
    insert(c, stepId, rows);
    int newLast = last + rows.size();
    try (var ps =
        c.prepareStatement(
            "UPDATE bl_step SET line_count = ?, log_bytes = ?, truncated = ?, last_heard_at = ?"
                + " WHERE id = ?")) {
      ps.setInt(1, newLast);
      ps.setLong(2, bytes);
      ps.setBoolean(3, truncated);
      ps.setLong(4, System.currentTimeMillis());
      ps.setLong(5, stepId);
      ps.executeUpdate();
    }
    int accepted = rows.size() - (truncated && refused > 0 ? 1 : 0);
    return new AppendResult(accepted, duplicates, refused, newLast, truncated);
  }

  /** The step's status and last line number; empty when the step does not exist. */
  public Optional<StepState> state(long stepId) {
    return sql.read(
        c -> {
          try (var ps = c.prepareStatement("SELECT status, line_count FROM bl_step WHERE id = ?")) {
            ps.setLong(1, stepId);
            var rs = ps.executeQuery();
            return rs.next()
                ? Optional.of(new StepState(Status.parse(rs.getString(1)), rs.getInt(2)))
                : Optional.<StepState>empty();
          }
        });
  }

  /** Lines after {@code after}, at most {@code limit}, in number order. */
  public List<StoredLine> read(long stepId, int after, int limit) {
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT line_number, content FROM bl_log_line WHERE step_id = ? AND line_number"
                      + " > ? ORDER BY line_number LIMIT ?")) {
            ps.setLong(1, stepId);
            ps.setInt(2, after);
            ps.setInt(3, limit);
            var rs = ps.executeQuery();
            var result = new ArrayList<StoredLine>();
            while (rs.next()) {
              result.add(new StoredLine(rs.getInt(1), rs.getBytes(2)));
            }
            return result;
          }
        });
  }

  private static void checkContiguous(Map<Integer, IncomingLine> fresh, int last) {
    int expected = last + 1;
    for (int number : fresh.keySet()) {
      if (number != expected) {
        throw new ApiException(
            409,
            "line_gap",
            "line " + expected + " is missing: send lines in order without gaps",
            Map.of("expected", expected));
      }
      expected++;
    }
  }

  private static void insert(Connection c, long stepId, List<StoredLine> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (var ps =
        c.prepareStatement(
            "INSERT INTO bl_log_line (step_id, line_number, content) VALUES (?, ?, ?)")) {
      for (var row : rows) {
        ps.setLong(1, stepId);
        ps.setInt(2, row.number());
        ps.setBytes(3, row.content());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static byte[] marker(long capBytes) {
    return String.format(CAP_MARKER, human(capBytes)).getBytes(StandardCharsets.UTF_8);
  }

  static String human(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
