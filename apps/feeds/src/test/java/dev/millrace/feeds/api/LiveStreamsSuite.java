package dev.millrace.feeds.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.testsupport.RecordingSseClient;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The live streams: anchor wire contract, one connection per tab, render once per key. */
public abstract class LiveStreamsSuite extends FeedsApiContract {

  @Test
  void feedListStreamPushesNewFeedsAsDataEvents() {
    try (var stream = RecordingSseClient.open(harness.baseUrl() + "/api/feeds")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      stream.await(event -> "data".equals(event.name()));
      var tag = newTag();

      post("New feed", "#" + tag);

      var event = stream.await("data", list -> count(list, tag) == 1);
      assertThat(event.json().has("feeds")).isTrue();
    }
  }

  @Test
  void feedAndPostStreamsPushEdits() {
    var tag = newTag();
    var id = post("Original", "#" + tag);
    awaitFeed(tag, f -> ids(f).contains(id));
    try (var feed = RecordingSseClient.open(harness.baseUrl() + "/api/feeds/" + tag);
        var post = RecordingSseClient.open(harness.baseUrl() + "/api/posts/" + id)) {
      feed.await("data", f -> ids(f).contains(id));
      post.await("data", p -> p.get("title").asText().equals("Original"));

      api.patch("/api/posts/" + id, body("Edited", "#" + tag + " edited"));

      feed.await("data", f -> f.get("posts").get(0).get("title").asText().equals("Edited"));
      var edited = post.await("data", p -> p.get("title").asText().equals("Edited"));
      assertThat(edited.json().get("version").asLong()).isEqualTo(2);
    }
  }

  @Test
  void oneLiveConnectionCarriesFeedListFeedAndPost() {
    var tag = newTag();
    var id = post("Live", "#" + tag);
    awaitFeed(tag, f -> ids(f).contains(id));
    try (var live =
        RecordingSseClient.open(harness.baseUrl() + "/api/live?feed=" + tag + "&post=" + id)) {
      live.await("feeds", list -> count(list, tag) == 1);
      live.await("feed", f -> ids(f).contains(id));
      live.await("post", p -> p.get("id").asText().equals(id));

      api.patch("/api/posts/" + id, body("Live edit", "#" + tag));
      var second = post("Second", "#" + tag);

      live.await("post", p -> p.get("title").asText().equals("Live edit"));
      live.await("feed", f -> ids(f).equals(java.util.List.of(second, id)));
      live.await("feeds", list -> count(list, tag) == 2);
    }
  }

  @Test
  void liveStreamOfAFeedThatDoesNotExistYetStartsEmpty() {
    var tag = newTag();
    try (var live = RecordingSseClient.open(harness.baseUrl() + "/api/live?feed=" + tag)) {
      live.await("feed", f -> f.get("posts").isEmpty() && f.get("name").asText().equals(tag));

      var id = post("First", "#" + tag);

      live.await("feed", f -> ids(f).contains(id));
    }
  }

  @Test
  void liveStreamWatchesSeveralFeedsAndPostsAndRefusesTooMany() {
    var a = newTag();
    var b = newTag();
    var inA = post("In A", "#" + a);
    var inB = post("In B", "#" + b);
    awaitFeed(b, f -> ids(f).contains(inB));
    var url =
        harness.baseUrl() + "/api/live?feed=" + a + "&feed=" + b + "&post=" + inA + "&post=" + inB;
    try (var live = RecordingSseClient.open(url)) {
      live.await("feed", f -> f.get("name").asText().equals(a) && ids(f).contains(inA));
      live.await("feed", f -> f.get("name").asText().equals(b) && ids(f).contains(inB));
      live.await("post", p -> p.get("id").asText().equals(inA));
      live.await("post", p -> p.get("id").asText().equals(inB));
    }
    try (var missing = RecordingSseClient.open(harness.baseUrl() + "/api/live?post=" + newTag())) {
      missing.await("post", p -> p.get("missing").asBoolean());
    }
    var tooMany = new StringBuilder(harness.baseUrl() + "/api/live?feed=x");
    for (int i = 0; i < 60; i++) {
      tooMany.append("&feed=f").append(i);
    }
    try (var refused = RecordingSseClient.open(tooMany.toString())) {
      assertThat(refused.status()).isEqualTo(400);
    }
  }

  @Test
  void oneUpdateWatchedByManyClientsRendersOncePerKey() {
    var tag = newTag();
    var id = post("Watched", "#" + tag);
    awaitFeed(tag, f -> ids(f).contains(id));
    var clients = new ArrayList<RecordingSseClient>();
    try {
      for (int i = 0; i < 6; i++) {
        var client = RecordingSseClient.open(harness.baseUrl() + "/api/feeds/" + tag);
        clients.add(client);
        client.await("data", f -> ids(f).contains(id));
      }
      double before = renders("feed");

      api.patch("/api/posts/" + id, body("Watched twice", "#" + tag));

      for (var client : clients) {
        client.await(
            "data", f -> f.get("posts").get(0).get("title").asText().equals("Watched twice"));
      }
      // the edit touches two feeds (the tag and all posts); six watchers cost one render of the tag
      assertThat(renders("feed") - before).isBetween(1.0, 2.0);
    } finally {
      clients.forEach(RecordingSseClient::close);
    }
  }

  private double renders(String stream) {
    return harness
        .metrics()
        .get("millrace.feeds.stream.renders")
        .tag("stream", stream)
        .counter()
        .count();
  }
}
