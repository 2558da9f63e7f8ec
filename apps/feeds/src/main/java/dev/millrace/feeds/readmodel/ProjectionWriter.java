package dev.millrace.feeds.readmodel;

import static dev.millrace.feeds.readmodel.JdbcFeedReadModel.feedsOf;
import static dev.millrace.feeds.readmodel.JdbcFeedReadModel.micros;
import static dev.millrace.feeds.readmodel.JdbcFeedReadModel.splitTags;

import dev.millrace.feeds.posting.Post;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The statements of projections, run in the caller's transaction: each post's row, its feed entries
 * and, once for all the posts, the feeds' post counts. Counts are changed in feed order, so that
 * two transactions never wait for each other's count rows in opposite orders.
 */
final class ProjectionWriter {

  /** Projects {@code posts} in order, returning the outcome of each. */
  List<Projection> applyAll(Connection tx, List<Post> posts) throws SQLException {
    var countChanges = new TreeMap<String, Integer>();
    var projections = new ArrayList<Projection>(posts.size());
    for (var post : posts) {
      projections.add(apply(tx, post, countChanges));
    }
    for (var change : countChanges.entrySet()) {
      if (change.getValue() != 0) {
        count(tx, change.getKey(), change.getValue());
      }
    }
    return projections;
  }

  private Projection apply(Connection tx, Post post, Map<String, Integer> countChanges)
      throws SQLException {
    Set<String> before;
    try (var q =
        tx.prepareStatement("SELECT version, tags FROM feeds_read_posts WHERE id = ? FOR UPDATE")) {
      q.setString(1, post.id());
      try (var rows = q.executeQuery()) {
        if (rows.next()) {
          long stored = rows.getLong(1);
          var storedFeeds = feedsOf(splitTags(rows.getString(2)));
          if (stored > post.version()) {
            return new Projection(false, Set.of());
          }
          if (stored == post.version()) {
            return new Projection(false, storedFeeds);
          }
          before = storedFeeds;
          update(tx, post);
        } else {
          before = Set.of();
          insert(tx, post);
        }
      }
    }
    var after = feedsOf(post.tags());
    var changed = new TreeSet<String>();
    for (var feed : before) {
      if (!after.contains(feed)) {
        try (var delete =
            tx.prepareStatement("DELETE FROM feeds_read_entries WHERE feed = ? AND post_id = ?")) {
          delete.setString(1, feed);
          delete.setString(2, post.id());
          delete.executeUpdate();
        }
        changed.add(feed);
      }
    }
    for (var feed : after) {
      if (!before.contains(feed)) {
        try (var insert =
            tx.prepareStatement(
                "INSERT INTO feeds_read_entries (feed, post_id, created_at_us) VALUES (?, ?, ?)")) {
          insert.setString(1, feed);
          insert.setString(2, post.id());
          insert.setLong(3, micros(post.createdAt()));
          insert.executeUpdate();
        }
        changed.add(feed);
      }
    }
    for (var feed : changed) {
      countChanges.merge(feed, after.contains(feed) ? 1 : -1, Integer::sum);
    }
    var affected = new LinkedHashSet<>(before);
    affected.addAll(after);
    return new Projection(true, affected);
  }

  /**
   * Adds {@code delta} to the feed's count, creating its row at the first post. Two projections
   * creating one row at once make one of them fail on the key; its transaction is retried.
   */
  private static void count(Connection tx, String feed, int delta) throws SQLException {
    try (var update =
        tx.prepareStatement("UPDATE feeds_read_counts SET posts = posts + ? WHERE feed = ?")) {
      update.setInt(1, delta);
      update.setString(2, feed);
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (var insert =
        tx.prepareStatement("INSERT INTO feeds_read_counts (feed, posts) VALUES (?, ?)")) {
      insert.setString(1, feed);
      insert.setLong(2, Math.max(0, delta));
      insert.executeUpdate();
    }
  }

  private static void insert(Connection tx, Post post) throws SQLException {
    try (var insert =
        tx.prepareStatement(
            "INSERT INTO feeds_read_posts (title, content, author, tags, version, created_at_us, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      bind(insert, post);
      insert.executeUpdate();
    }
  }

  private static void update(Connection tx, Post post) throws SQLException {
    try (var update =
        tx.prepareStatement(
            "UPDATE feeds_read_posts SET title = ?, content = ?, author = ?, tags = ?, version = ?,"
                + " created_at_us = ? WHERE id = ?")) {
      bind(update, post);
      update.executeUpdate();
    }
  }

  private static void bind(java.sql.PreparedStatement statement, Post post) throws SQLException {
    statement.setString(1, post.title());
    statement.setString(2, post.content());
    statement.setString(3, post.author());
    statement.setString(4, String.join(" ", post.tags()));
    statement.setLong(5, post.version());
    statement.setLong(6, micros(post.createdAt()));
    statement.setString(7, post.id());
  }
}
