package dev.millrace.feeds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.feeds.FeedsApp;
import dev.millrace.feeds.posting.JdbcPostStore;
import dev.millrace.feeds.posting.PostDraft;
import dev.millrace.feeds.support.ApiClient;
import dev.millrace.feeds.support.EmbeddedStack;
import dev.millrace.feeds.support.FeedsHarness;
import dev.millrace.feeds.support.TestDatabase;
import dev.millrace.jdbc.JdbcOutbox;
import dev.millrace.jdbc.OutboxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps everything across a restart, and across a crash before projection. */
class EmbeddedRestartTest {

  @TempDir Path dataDir;

  @Test
  void postsAndFeedsSurviveARestartAndUnpublishedEventsAreProjectedOnStart() {
    String kept;
    var first = start();
    try {
      var api = new ApiClient(first.baseUrl());
      kept = api.createPost("Before restart", "#durable");
      awaitFeed(api, "durable", 1);
    } finally {
      stop(first);
    }

    // a process that committed a post and its outbox row, then died before the relay ran
    String orphan;
    try (var write = TestDatabase.h2File(dataDir.resolve("write"))) {
      var outbox =
          JdbcOutbox.create(
              write.dataSource(), OutboxOptions.defaults().withTable(FeedsApp.OUTBOX_TABLE));
      var store = new JdbcPostStore(write.dataSource(), outbox::append, Clock.systemUTC());
      orphan = store.create(new PostDraft("Written, never published", "#durable", "Crash")).id();
    }

    var second = start();
    try {
      var api = new ApiClient(second.baseUrl());
      var feed = awaitFeed(api, "durable", 2);
      assertThat(ids(feed)).containsExactly(orphan, kept);
      assertThat(api.get("/api/posts/" + kept).json().get("title").asText())
          .isEqualTo("Before restart");
    } finally {
      stop(second);
    }
  }

  private FeedsHarness start() {
    return new FeedsHarness(
        new EmbeddedStack(
            TestDatabase.h2File(dataDir.resolve("write")),
            TestDatabase.h2File(dataDir.resolve("read"))));
  }

  private static void stop(FeedsHarness harness) {
    harness.close();
    harness.stack().close();
  }

  private static com.fasterxml.jackson.databind.JsonNode awaitFeed(
      ApiClient api, String name, int size) {
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () -> {
              var response = api.get("/api/feeds/" + name);
              return response.status() == 200 && response.json().get("posts").size() == size;
            });
    return api.get("/api/feeds/" + name).json();
  }

  private static java.util.List<String> ids(com.fasterxml.jackson.databind.JsonNode feed) {
    var ids = new java.util.ArrayList<String>();
    feed.get("posts").forEach(post -> ids.add(post.get("id").asText()));
    return ids;
  }
}
