package dev.millrace.feeds.readmodel;

import static dev.millrace.feeds.support.Posts.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.support.TestDatabase;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class H2FeedReadModelTest extends FeedReadModelContract {

  private TestDatabase database;

  @Override
  protected FeedReadModel newReadModel() {
    database = TestDatabase.h2();
    return JdbcFeedReadModel.create(database.dataSource());
  }

  @Override
  protected void release() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aFeedPageReadsOnlyThePageFromTheIndexHoweverLongTheFeed() throws Exception {
    var posts = new ArrayList<Post>();
    for (int i = 0; i < 2_000; i++) {
      posts.add(post("#long entry " + i, 1_000 + i));
    }
    readModel.applyAll(posts);
    var cursor = posts.get(1_000);

    assertThat(rowsScanned(JdbcFeedReadModel.pageQuery(false), "long", 51))
        .as("entries read for the newest page")
        .isLessThanOrEqualTo(52);
    assertThat(
            rowsScanned(
                JdbcFeedReadModel.pageQuery(true),
                "long",
                JdbcFeedReadModel.micros(cursor.createdAt()),
                JdbcFeedReadModel.micros(cursor.createdAt()),
                cursor.id(),
                51))
        .as("entries read for a page in the middle")
        .isLessThanOrEqualTo(53);
  }

  /** The entries H2 reads from the feed's table to answer {@code sql}, from its query plan. */
  private long rowsScanned(String sql, Object... parameters) throws Exception {
    try (var connection = database.dataSource().getConnection();
        var explain = connection.prepareStatement("EXPLAIN ANALYZE " + sql)) {
      for (int i = 0; i < parameters.length; i++) {
        explain.setObject(i + 1, parameters[i]);
      }
      try (var rows = explain.executeQuery()) {
        rows.next();
        var plan = rows.getString(1);
        var index = plan.indexOf("FEEDS_READ_ENTRIES_NEWEST");
        assertThat(index).as("the feed's index is used: " + plan).isNotNegative();
        var matcher = Pattern.compile("scanCount: (\\d+)").matcher(plan.substring(index));
        assertThat(matcher.find()).as(plan).isTrue();
        assertThat(plan).as(plan).contains("index sorted");
        return Long.parseLong(matcher.group(1));
      }
    }
  }
}
