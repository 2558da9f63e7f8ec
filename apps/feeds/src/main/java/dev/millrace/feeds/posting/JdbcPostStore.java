package dev.millrace.feeds.posting;

import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.PostUpdated;
import dev.millrace.feeds.events.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The write model: posts in SQL. Every write appends its event to the outbox in the same
 * transaction, so a post is never stored without its event, nor an event without its post.
 *
 * <p>Thread-safe; every method blocks on JDBC and must not run on an event loop.
 */
public final class JdbcPostStore {

  private static final String COLUMNS =
      "id, title, content, author, version, created_at_us, updated_at_us";

  private final DataSource dataSource;
  private final OutboxWriter outbox;
  private final Clock clock;

  public JdbcPostStore(DataSource dataSource, OutboxWriter outbox, Clock clock) {
    this.dataSource = dataSource;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Stores a new post and its {@code post-created} event; returns the post. */
  public Post create(PostDraft draft) {
    var now = now();
    var post = Post.create(UUID.randomUUID().toString(), draft, now);
    inTransaction(
        tx -> {
          try (var insert =
              tx.prepareStatement(
                  "INSERT INTO feeds_posts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, post.id());
            insert.setString(2, post.title());
            insert.setString(3, post.content());
            insert.setString(4, post.author());
            insert.setLong(5, post.version());
            insert.setLong(6, micros(now));
            insert.setLong(7, micros(now));
            insert.executeUpdate();
          }
          var event = new PostCreated(post, now);
          outbox.append(
              tx, Topics.POST_CREATED, EventCodec.message(Topics.POST_CREATED, event, now));
          return null;
        });
    return post;
  }

  /**
   * Changes the title and content of post {@code id}, whatever its version, and stores its {@code
   * post-updated} event.
   *
   * @throws PostNotFoundException when no post has this id
   */
  public Post edit(String id, String title, String content) {
    return edit(id, title, content, ANY_VERSION);
  }

  /** For {@link #edit(String, String, String, long)}: an edit based on no particular version. */
  public static final long ANY_VERSION = 0;

  /**
   * Changes post {@code id} if it is still at version {@code basedOn} (the version the editor saw),
   * or at any version when {@code basedOn} is {@link #ANY_VERSION}. The check and the write happen
   * under the row's lock, so of two edits based on one version exactly one wins.
   *
   * @throws PostNotFoundException when no post has this id
   * @throws StaleEditException when the post has another version
   */
  public Post edit(String id, String title, String content, long basedOn) {
    new PostDraft(title, content, "-"); // validates the edited fields
    var now = now();
    return inTransaction(
        tx -> {
          var original = select(tx, id, true).orElseThrow(() -> new PostNotFoundException(id));
          if (basedOn != ANY_VERSION && basedOn != original.version()) {
            throw new StaleEditException(id, basedOn, original.version());
          }
          var edited = original.edit(title, content);
          try (var update =
              tx.prepareStatement(
                  "UPDATE feeds_posts SET title = ?, content = ?, version = ?, updated_at_us = ?"
                      + " WHERE id = ?")) {
            update.setString(1, edited.title());
            update.setString(2, edited.content());
            update.setLong(3, edited.version());
            update.setLong(4, micros(now));
            update.setString(5, id);
            update.executeUpdate();
          }
          var event = new PostUpdated(original, edited, now);
          outbox.append(
              tx, Topics.POST_UPDATED, EventCodec.message(Topics.POST_UPDATED, event, now));
          return edited;
        });
  }

  /** The post with this id, if any. */
  public Optional<Post> find(String id) {
    return inTransaction(tx -> select(tx, id, false));
  }

  private Optional<Post> select(Connection tx, String id, boolean forUpdate) throws SQLException {
    var sql =
        "SELECT " + COLUMNS + " FROM feeds_posts WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "");
    try (var query = tx.prepareStatement(sql)) {
      query.setString(1, id);
      try (var rows = query.executeQuery()) {
        return rows.next() ? Optional.of(post(rows)) : Optional.empty();
      }
    }
  }

  private static Post post(ResultSet row) throws SQLException {
    var content = row.getString("content");
    return new Post(
        row.getString("id"),
        row.getString("title"),
        content,
        row.getString("author"),
        Tags.parse(content),
        row.getLong("version"),
        fromMicros(row.getLong("created_at_us")));
  }

  private <T> T inTransaction(SqlWork<T> work) {
    try (var tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      try {
        T result = work.run(tx);
        tx.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        tx.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new WriteModelException("write model query failed", e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  static Instant fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection tx) throws SQLException;
  }
}
