package dev.millrace.buildlogs.builds;

import dev.millrace.buildlogs.db.Sql;
import dev.millrace.buildlogs.events.BuildEvents;
import dev.millrace.buildlogs.events.StepChanged;
import dev.millrace.buildlogs.web.ApiException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds and their steps in SQL. Blocking: call from worker threads only. */
public final class BuildStore {

  private static final String BUILD_COLUMNS =
      "b.id, r.org, r.name, b.number, b.status, b.version, b.created_at, b.started_at,"
          + " b.finished_at";

  private final Sql sql;
  private final BuildEvents events;

  /** {@code events} announces new builds and status changes in the writing transaction. */
  public BuildStore(Sql sql, BuildEvents events) {
    this.sql = sql;
    this.events = events;
  }

  /** Creates build number max+1 of {@code repo} with pending steps numbered from 1. */
  public Build create(Repo repo, List<String> stepNames, List<String> secrets) {
    return sql.inTransaction(
        c -> {
          lockRepo(c, repo.id());
          int number;
          try (var ps =
              c.prepareStatement(
                  "SELECT COALESCE(MAX(number), 0) FROM bl_build WHERE repo_id = ?")) {
            ps.setLong(1, repo.id());
            var rs = ps.executeQuery();
            rs.next();
            number = rs.getInt(1) + 1;
          }
          long now = System.currentTimeMillis();
          long buildId;
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO bl_build (repo_id, number, status, version, created_at)"
                      + " VALUES (?, ?, 'pending', 1, ?)",
                  new String[] {"id"})) {
            ps.setLong(1, repo.id());
            ps.setInt(2, number);
            ps.setLong(3, now);
            ps.executeUpdate();
            var keys = ps.getGeneratedKeys();
            keys.next();
            buildId = keys.getLong(1);
          }
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO bl_step (build_id, number, name, status, line_count, log_bytes,"
                      + " truncated) VALUES (?, ?, ?, 'pending', 0, 0, FALSE)")) {
            for (int i = 0; i < stepNames.size(); i++) {
              ps.setLong(1, buildId);
              ps.setInt(2, i + 1);
              ps.setString(3, stepNames.get(i));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (var ps =
              c.prepareStatement("INSERT INTO bl_secret (build_id, secret) VALUES (?, ?)")) {
            for (var secret : secrets) {
              ps.setLong(1, buildId);
              ps.setString(2, secret);
              ps.addBatch();
            }
            if (!secrets.isEmpty()) {
              ps.executeBatch();
            }
          }
          var build = load(c, "b.id = ?", List.of(buildId), 1).getFirst();
          events.append(
              c,
              BuildEvents.BUILD_CREATED,
              new StepChanged(0, buildId, build.key(), 1, 0, Status.PENDING.wire()));
          return build;
        });
  }

  public Optional<Build> find(Repo repo, int number) {
    return sql.read(
        c ->
            load(c, "b.repo_id = ? AND b.number = ?", List.of(repo.id(), number), 1).stream()
                .findFirst());
  }

  /** The build with this storage id. */
  public Optional<Build> findById(long buildId) {
    return sql.read(c -> load(c, "b.id = ?", List.of(buildId), 1).stream().findFirst());
  }

  /** The newest builds of {@code repo}, newest first. */
  public List<Build> list(Repo repo, int limit) {
    return sql.read(c -> load(c, "b.repo_id = ?", List.of(repo.id()), limit));
  }

  /** The newest builds of all repositories, private ones only if {@code includePrivate}. */
  public List<Build> recent(boolean includePrivate, int limit) {
    return sql.read(
        c -> load(c, includePrivate ? "1 = 1" : "r.private_repo = FALSE", List.of(), limit));
  }

  /** The secrets registered for a build, to be masked in its logs. */
  public List<String> secrets(long buildId) {
    return sql.read(
        c -> {
          try (var ps = c.prepareStatement("SELECT secret FROM bl_secret WHERE build_id = ?")) {
            ps.setLong(1, buildId);
            var rs = ps.executeQuery();
            var secrets = new ArrayList<String>();
            while (rs.next()) {
              secrets.add(rs.getString(1));
            }
            return secrets;
          }
        });
  }

  public Optional<StepRef> findStep(Repo repo, int buildNumber, int stepNumber) {
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT s.id, s.build_id, s.status, s.line_count, s.truncated"
                      + " FROM bl_step s JOIN bl_build b ON b.id = s.build_id"
                      + " WHERE b.repo_id = ? AND b.number = ? AND s.number = ?")) {
            ps.setLong(1, repo.id());
            ps.setInt(2, buildNumber);
            ps.setInt(3, stepNumber);
            var rs = ps.executeQuery();
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new StepRef(
                    rs.getLong(1),
                    rs.getLong(2),
                    repo,
                    buildNumber,
                    stepNumber,
                    Status.parse(rs.getString(3)),
                    rs.getInt(4),
                    rs.getBoolean(5)));
          }
        });
  }

  /** Where the step with this storage id lives: {@code org/repo/build/step}. */
  public Optional<String> stepPath(long stepId) {
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT r.org, r.name, b.number, s.number FROM bl_step s"
                      + " JOIN bl_build b ON b.id = s.build_id JOIN bl_repo r ON r.id = b.repo_id"
                      + " WHERE s.id = ?")) {
            ps.setLong(1, stepId);
            var rs = ps.executeQuery();
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3) + "/" + rs.getInt(4));
          }
        });
  }

  /** Sets a step's status and derives the build's; a finished step cannot change again. */
  public StatusChange setStepStatus(Repo repo, int buildNumber, int stepNumber, Status status) {
    return setStepStatus(repo, buildNumber, stepNumber, status, null);
  }

  /**
   * As {@link #setStepStatus(Repo, int, int, Status)}, with the reason a step ended ({@link
   * Step#TIMED_OUT}, {@link Step#RUNNER_LOST}), or null.
   */
  public StatusChange setStepStatus(
      Repo repo, int buildNumber, int stepNumber, Status status, String reason) {
    return sql.inTransaction(
        c -> {
          long buildId = lockBuild(c, repo.id(), buildNumber);
          var build = load(c, "b.id = ?", List.of(buildId), 1).getFirst();
          var step =
              build.steps().stream()
                  .filter(s -> s.number() == stepNumber)
                  .findFirst()
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "build " + buildNumber + " has no step " + stepNumber));
          long stepId = stepId(c, buildId, stepNumber);
          if (step.status() == status) {
            return new StatusChange(build, stepId, false);
          }
          StatusRules.checkTransition(step, status);
          long now = System.currentTimeMillis();
          try (var ps =
              c.prepareStatement(
                  "UPDATE bl_step SET status = ?, started_at = COALESCE(started_at, ?),"
                      + " finished_at = ?, last_heard_at = ?, status_reason = ? WHERE id = ?")) {
            ps.setString(1, status.wire());
            if (status == Status.SKIPPED) {
              ps.setNull(2, Types.BIGINT);
            } else {
              ps.setLong(2, now);
            }
            setNullableLong(ps, 3, status.finished() ? now : null);
            ps.setLong(4, now);
            ps.setString(5, reason);
            ps.setLong(6, stepId);
            ps.executeUpdate();
          }
          var buildStatus = StatusRules.derive(build.steps(), stepNumber, status);
          try (var ps =
              c.prepareStatement(
                  "UPDATE bl_build SET status = ?, version = version + 1,"
                      + " started_at = COALESCE(started_at, ?), finished_at = ? WHERE id = ?")) {
            ps.setString(1, buildStatus.wire());
            ps.setLong(2, now);
            setNullableLong(ps, 3, buildStatus.finished() ? now : null);
            ps.setLong(4, buildId);
            ps.executeUpdate();
          }
          var changed = load(c, "b.id = ?", List.of(buildId), 1).getFirst();
          var newStep = changed.steps().get(stepNumber - 1);
          events.append(
              c,
              BuildEvents.STATUS_CHANGED,
              new StepChanged(
                  stepId,
                  buildId,
                  changed.key(),
                  newStep.lines() + 1,
                  newStep.lines(),
                  newStep.status().wire()));
          return new StatusChange(changed, stepId, true);
        });
  }

  private static void lockRepo(Connection c, long repoId) throws SQLException {
    try (var ps = c.prepareStatement("SELECT id FROM bl_repo WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, repoId);
      ps.executeQuery().close();
    }
  }

  private static long lockBuild(Connection c, long repoId, int number) throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT id FROM bl_build WHERE repo_id = ? AND number = ? FOR UPDATE")) {
      ps.setLong(1, repoId);
      ps.setInt(2, number);
      var rs = ps.executeQuery();
      if (!rs.next()) {
        throw ApiException.notFound("no build " + number);
      }
      return rs.getLong(1);
    }
  }

  private static long stepId(Connection c, long buildId, int number) throws SQLException {
    try (var ps = c.prepareStatement("SELECT id FROM bl_step WHERE build_id = ? AND number = ?")) {
      ps.setLong(1, buildId);
      ps.setInt(2, number);
      var rs = ps.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Builds matching {@code where} with {@code params}, newest first, with their steps. */
  private static List<Build> load(Connection c, String where, List<Object> params, int limit)
      throws SQLException {
    var builds = new LinkedHashMap<Long, Build>();
    try (var ps =
        c.prepareStatement(
            "SELECT "
                + BUILD_COLUMNS
                + " FROM bl_build b JOIN bl_repo r ON r.id = b.repo_id WHERE "
                + where
                + " ORDER BY b.id DESC LIMIT "
                + limit)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      var rs = ps.executeQuery();
      while (rs.next()) {
        builds.put(rs.getLong(1), mapBuild(rs));
      }
    }
    return withSteps(c, builds);
  }

  private static List<Build> withSteps(Connection c, Map<Long, Build> builds) throws SQLException {
    if (builds.isEmpty()) {
      return List.of();
    }
    var steps = new LinkedHashMap<Long, List<Step>>();
    var marks = String.join(",", java.util.Collections.nCopies(builds.size(), "?"));
    try (var ps =
        c.prepareStatement(
            "SELECT build_id, number, name, status, line_count, truncated, started_at,"
                + " finished_at, status_reason FROM bl_step WHERE build_id IN ("
                + marks
                + ") ORDER BY build_id, number")) {
      int i = 1;
      for (long id : builds.keySet()) {
        ps.setLong(i++, id);
      }
      var rs = ps.executeQuery();
      while (rs.next()) {
        steps
            .computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
            .add(
                new Step(
                    rs.getInt(2),
                    rs.getString(3),
                    Status.parse(rs.getString(4)),
                    rs.getInt(5),
                    rs.getBoolean(6),
                    instant(rs, 7),
                    instant(rs, 8),
                    rs.getString(9)));
      }
    }
    var result = new ArrayList<Build>();
    for (var build : builds.values()) {
      var own = steps.getOrDefault(build.id(), List.of());
      result.add(
          new Build(
              build.id(),
              build.org(),
              build.repo(),
              build.number(),
              build.status(),
              build.version(),
              build.createdAt(),
              build.startedAt(),
              build.finishedAt(),
              own));
    }
    return result;
  }

  private static Build mapBuild(ResultSet rs) throws SQLException {
    return new Build(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        Status.parse(rs.getString(5)),
        rs.getInt(6),
        instant(rs, 7),
        instant(rs, 8),
        instant(rs, 9),
        List.of());
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static void setNullableLong(java.sql.PreparedStatement ps, int index, Long value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }
}
