package dev.millrace.feeds.readmodel;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.posting.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The read model in SQL, with the same code on H2 (embedded default), PostgreSQL and MariaDB/MySQL
 * (shared by several nodes). Each {@link #apply} and {@link #applyAll} is one transaction that
 * locks the posts' rows, so concurrent projections of one post on several nodes serialise; a lost
 * race to insert a new post is retried.
 */
public final class JdbcFeedReadModel implements FeedReadModel {

  private static final int ATTEMPTS = 5;
  private static final String POST_COLUMNS =
      "p.id, p.title, p.content, p.author, p.tags, p.version, p.created_at_us";

  private final DataSource dataSource;
  private final ProjectionWriter writer = new ProjectionWriter();

  private JdbcFeedReadModel(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Migrates the read model's tables in {@code dataSource} and returns the read model on it. */
  public static JdbcFeedReadModel create(DataSource dataSource) {
    Schema.migrateReadModel(dataSource);
    return new JdbcFeedReadModel(dataSource);
  }

  @Override
  public Projection apply(Post post) {
    return applyAll(List.of(post)).getFirst();
  }

  /** All of {@code posts} in one transaction. */
  @Override
  public List<Projection> applyAll(List<Post> posts) {
    if (posts.isEmpty()) {
      return List.of();
    }
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (var tx = dataSource.getConnection()) {
        tx.setAutoCommit(false);
        try {
          var result = writer.applyAll(tx, posts);
          tx.commit();
          return result;
        } catch (SQLException e) {
          tx.rollback();
          if (!retryable(e)) {
            throw e;
          }
          last = e;
        }
      } catch (SQLException e) {
        throw new ReadModelException("could not project " + describe(posts), e);
      }
    }
    throw new ReadModelException("could not project " + describe(posts) + " after retries", last);
  }

  private static String describe(List<Post> posts) {
    return posts.size() == 1
        ? "post " + posts.getFirst().id()
        : posts.size() + " posts from " + posts.getFirst().id();
  }

  private static boolean retryable(SQLException e) {
    var state = e.getSQLState();
    return state != null && (state.startsWith("23") || state.startsWith("40"));
  }

  @Override
  public List<FeedSummary> feeds() {
    var sql =
        "SELECT feed, posts FROM feeds_read_counts WHERE posts > 0 ORDER BY"
            + " CASE WHEN feed = ? THEN 0 ELSE 1 END, feed";
    return query(
        tx -> {
          try (var q = tx.prepareStatement(sql)) {
            q.setString(1, ALL_POSTS);
            try (var rows = q.executeQuery()) {
              var feeds = new ArrayList<FeedSummary>();
              while (rows.next()) {
                feeds.add(new FeedSummary(rows.getString(1), rows.getLong(2)));
              }
              return feeds;
            }
          }
        });
  }

  @Override
  public Optional<FeedPage> feed(String name, PageRequest page) {
    return query(
        tx -> {
          long[] cursor = null;
          if (page.before() != null) {
            var anchor = post(tx, page.before());
            if (anchor.isEmpty()) {
              return Optional.<FeedPage>empty();
            }
            cursor = new long[] {micros(anchor.get().createdAt())};
          }
          var sql = pageQuery(cursor != null);
          try (var q = tx.prepareStatement(sql)) {
            int i = 1;
            q.setString(i++, name);
            if (cursor != null) {
              q.setLong(i++, cursor[0]);
              q.setLong(i++, cursor[0]);
              q.setString(i++, page.before());
            }
            q.setInt(i, page.limit() + 1);
            var posts = new ArrayList<Post>();
            try (var rows = q.executeQuery()) {
              while (rows.next()) {
                posts.add(post(rows));
              }
            }
            if (posts.isEmpty() && page.before() == null) {
              return Optional.<FeedPage>empty();
            }
            String older = null;
            if (posts.size() > page.limit()) {
              posts.remove(posts.size() - 1);
              older = posts.get(posts.size() - 1).id();
            }
            return Optional.of(new FeedPage(name, posts, older));
          }
        });
  }

  /**
   * A page of a feed, newest first: parameters feed, then (with {@code afterCursor}) the cursor's
   * time twice and its post id, then the limit. Written so that every database reads the feed's
   * index from the cursor, or the newest entry, and stops at the limit.
   */
  static String pageQuery(boolean afterCursor) {
    var sql = new StringBuilder("SELECT " + POST_COLUMNS + " FROM feeds_read_entries e");
    sql.append(" JOIN feeds_read_posts p ON p.id = e.post_id WHERE e.feed = ?");
    if (afterCursor) {
      // The first bound is what lets the index start at the cursor instead of at the top.
      sql.append(" AND e.created_at_us <= ? AND (e.created_at_us < ? OR e.post_id < ?)");
    }
    // Naming the feed in the order too lets H2 read the index backwards and stop at the limit,
    // instead of sorting the whole feed.
    sql.append(" ORDER BY e.feed DESC, e.created_at_us DESC, e.post_id DESC LIMIT ?");
    return sql.toString();
  }

  @Override
  public Optional<Post> post(String id) {
    return query(tx -> post(tx, id));
  }

  private static Optional<Post> post(Connection tx, String id) throws SQLException {
    try (var q =
        tx.prepareStatement("SELECT " + POST_COLUMNS + " FROM feeds_read_posts p WHERE p.id = ?")) {
      q.setString(1, id);
      try (var rows = q.executeQuery()) {
        return rows.next() ? Optional.of(post(rows)) : Optional.empty();
      }
    }
  }

  static Post post(ResultSet row) throws SQLException {
    return new Post(
        row.getString("id"),
        row.getString("title"),
        row.getString("content"),
        row.getString("author"),
        splitTags(row.getString("tags")),
        row.getLong("version"),
        Instant.EPOCH.plus(row.getLong("created_at_us"), ChronoUnit.MICROS));
  }

  static List<String> splitTags(String tags) {
    return tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(" "));
  }

  static Set<String> feedsOf(List<String> tags) {
    var feeds = new LinkedHashSet<String>();
    feeds.add(ALL_POSTS);
    feeds.addAll(tags);
    return feeds;
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private <T> T query(Query<T> query) {
    try (var tx = dataSource.getConnection()) {
      tx.setReadOnly(true);
      return query.run(tx);
    } catch (SQLException e) {
      throw new ReadModelException("read model query failed", e);
    }
  }

  /** Nothing to release: the data source belongs to the caller. */
  @Override
  public void close() {}

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection tx) throws SQLException;
  }
}
