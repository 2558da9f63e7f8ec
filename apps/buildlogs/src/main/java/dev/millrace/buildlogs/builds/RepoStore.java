package dev.millrace.buildlogs.builds;

import dev.millrace.buildlogs.db.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Repositories in SQL. Blocking: call from worker threads only. */
public final class RepoStore {

  private static final String COLUMNS = "id, org, name, private_repo";

  private final Sql sql;

  public RepoStore(Sql sql) {
    this.sql = sql;
  }

  public Optional<Repo> find(String org, String name) {
    return sql.read(c -> find(c, org, name));
  }

  /** All repositories, public ones only unless {@code includePrivate}. */
  public List<Repo> list(boolean includePrivate) {
    return sql.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM bl_repo"
                      + (includePrivate ? "" : " WHERE private_repo = FALSE")
                      + " ORDER BY org, name")) {
            var rs = ps.executeQuery();
            var repos = new ArrayList<Repo>();
            while (rs.next()) {
              repos.add(map(rs));
            }
            return repos;
          }
        });
  }

  /** Creates the repository, or changes its visibility. */
  public Repo put(String org, String name, boolean isPrivate) {
    return sql.inTransaction(
        c -> {
          var existing = find(c, org, name);
          if (existing.isPresent()) {
            try (var ps = c.prepareStatement("UPDATE bl_repo SET private_repo = ? WHERE id = ?")) {
              ps.setBoolean(1, isPrivate);
              ps.setLong(2, existing.get().id());
              ps.executeUpdate();
            }
            return new Repo(existing.get().id(), org, name, isPrivate);
          }
          return insert(c, org, name, isPrivate);
        });
  }

  /** The repository, created public when it does not exist yet. */
  public Repo ensure(String org, String name) {
    return find(org, name)
        .orElseGet(
            () -> {
              try {
                return sql.inTransaction(c -> insert(c, org, name, false));
              } catch (RuntimeException raced) {
                return find(org, name).orElseThrow(() -> raced);
              }
            });
  }

  static Optional<Repo> find(Connection c, String org, String name) throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM bl_repo WHERE org = ? AND name = ?")) {
      ps.setString(1, org);
      ps.setString(2, name);
      var rs = ps.executeQuery();
      return rs.next() ? Optional.of(map(rs)) : Optional.empty();
    }
  }

  private static Repo insert(Connection c, String org, String name, boolean isPrivate)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO bl_repo (org, name, private_repo, created_at) VALUES (?, ?, ?, ?)",
            new String[] {"id"})) {
      ps.setString(1, org);
      ps.setString(2, name);
      ps.setBoolean(3, isPrivate);
      ps.setLong(4, System.currentTimeMillis());
      ps.executeUpdate();
      var keys = ps.getGeneratedKeys();
      keys.next();
      return new Repo(keys.getLong(1), org, name, isPrivate);
    }
  }

  private static Repo map(ResultSet rs) throws SQLException {
    return new Repo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
  }
}
