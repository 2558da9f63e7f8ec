package dev.millrace.feeds.api;

import static dev.millrace.feeds.readmodel.FeedReadModel.ALL_POSTS;
import static dev.millrace.feeds.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.PostUpdated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.posting.Tags;
import dev.millrace.testsupport.RecordingSseClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The feeds API, end to end over HTTP: every route, every error, the projection rules. Runs once
 * per {@link dev.millrace.feeds.support.FeedsStack}: a subclass names the stack.
 */
public abstract class FeedsApiSuite extends LiveStreamsSuite {

  // ---- writes ---------------------------------------------------------------------------------

  @Test
  void createdPostAppearsInEachTagFeedAndAllPosts() {
    var a = newTag();
    var b = newTag();
    var response =
        api.post(
            "/api/posts",
            json("title", "Hi", "content", "#" + a + " and #" + b.toUpperCase(), "author", "Ada"));

    assertThat(response.status()).isEqualTo(201);
    var id = response.json().get("id").asText();
    var feed = awaitFeed(a, f -> ids(f).contains(id));
    var post = feed.get("posts").get(0);
    assertThat(post.get("title").asText()).isEqualTo("Hi");
    assertThat(post.get("author").asText()).isEqualTo("Ada");
    assertThat(post.get("tags")).extracting(n -> n.asText()).containsExactly(a, b);
    awaitFeed(b, f -> ids(f).contains(id));
    awaitFeed(ALL_POSTS, f -> ids(f).contains(id));
    assertThat(api.get("/api/posts/" + id).json().get("content").asText()).contains("#" + a);
  }

  @Test
  void postWithoutTagsIsInAllPostsAndAuthorDefaults() {
    var response = api.post("/api/posts", body("Untagged", "no tags " + newTag()));
    var id = response.json().get("id").asText();

    var feed = awaitFeed(ALL_POSTS, f -> ids(f).contains(id));

    assertThat(feed.get("name").asText()).isEqualTo(ALL_POSTS);
    assertThat(api.get("/api/posts/" + id).json().get("author").asText()).isEqualTo("Anonymous");
  }

  @Test
  void patchUsesTheUrlIdAndMovesThePostBetweenFeeds() {
    var keep = newTag();
    var drop = newTag();
    var add = newTag();
    var id = post("Before", "#" + keep + " #" + drop);
    var other = post("Other", "#" + keep);
    awaitFeed(drop, f -> ids(f).contains(id));

    var response =
        api.patch(
            "/api/posts/" + id,
            json("id", other, "title", "After", "content", "#" + keep + " #" + add));

    assertThat(response.status()).isEqualTo(204);
    awaitFeed(add, f -> ids(f).contains(id));
    var kept = awaitFeed(keep, f -> f.get("posts").findValuesAsText("title").contains("After"));
    assertThat(ids(kept)).containsExactly(other, id);
    assertThat(api.get("/api/feeds/" + drop).status()).isEqualTo(404);
    assertThat(api.get("/api/posts/" + other).json().get("title").asText()).isEqualTo("Other");
    var post = api.get("/api/posts/" + id).json();
    assertThat(post.get("version").asLong()).isEqualTo(2);
    assertThat(count(api.get("/api/feeds").json(), keep)).isEqualTo(2);
  }

  @Test
  void aStaleEditIs409AndAnEditBasedOnTheCurrentVersionWins() {
    var id = post("v1", "#" + newTag());
    var path = "/api/posts/" + id;
    assertThat(api.patch(path, edit("v2", "by one", 1)).status()).isEqualTo(204);

    var stale = api.patch(path, edit("v2 too", "by another", 1));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("error").asText()).isEqualTo("conflict");
    assertThat(stale.json().get("message").asText()).contains("version 1", "version 2");

    assertThat(api.patch(path, edit("v3", "overwritten", 2)).status()).isEqualTo(204);
    assertThat(api.patch(path, body("v4", "no version: last write wins")).status()).isEqualTo(204);
    assertJsonError(api.patch(path, edit("v5", "future", 99)), 409);
    assertJsonError(api.patch(path, "{\"title\":\"t\",\"content\":\"c\",\"version\":\"2\"}"), 400);
  }

  private static String edit(String title, String content, long version) {
    return "{\"title\":\""
        + title
        + "\",\"content\":\""
        + content
        + "\",\"version\":"
        + version
        + "}";
  }

  @Test
  void generatesRandomPosts() {
    var one = api.post("/api/generate/post", "");
    var many = api.send("POST", "/api/generate/post?count=5", null, "");

    assertThat(one.status()).isEqualTo(201);
    assertThat(one.json().get("ids")).hasSize(1);
    assertThat(many.json().get("ids")).hasSize(5);
    var id = many.json().get("ids").get(4).asText();
    var post = awaitPost(id);
    assertThat(post.get("tags").size()).isBetween(1, 3);
    assertThat(post.get("title").asText()).isNotBlank();
    assertThat(post.get("author").asText()).contains(" ");
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void invalidBodiesAre400WithAJsonError() {
    assertJsonError(api.post("/api/posts", json("content", "no title")), 400);
    assertJsonError(api.post("/api/posts", json("title", "no content")), 400);
    assertJsonError(api.post("/api/posts", body(" ", "blank title")), 400);
    assertJsonError(api.post("/api/posts", body("t".repeat(201), "c")), 400);
    assertJsonError(api.post("/api/posts", body("t", "c".repeat(5_001))), 400);
    assertJsonError(
        api.post("/api/posts", json("title", "t", "content", "c", "author", "a".repeat(101))), 400);
    assertJsonError(api.post("/api/posts", "{\"title\": 5, \"content\": \"c\"}"), 400);
    assertJsonError(api.post("/api/posts", "[1, 2]"), 400);
    assertJsonError(api.post("/api/posts", "{not json"), 400);
    assertJsonError(api.post("/api/posts", ""), 400);
    assertJsonError(api.post("/api/generate/post?count=0", ""), 400);
    assertJsonError(api.post("/api/generate/post?count=101", ""), 400);
    assertJsonError(api.post("/api/generate/post?count=lots", ""), 400);
    assertJsonError(api.get("/api/feeds/" + ALL_POSTS + "?limit=0"), 400);
  }

  @Test
  void aPostWithMoreTagsThanTheCapIs400AndStoresNothing() {
    var tags = new ArrayList<String>();
    for (int i = 0; i <= Tags.MAX_PER_POST; i++) {
      tags.add(newTag());
    }
    var content = "#" + String.join(" #", tags);
    var title = "Too many tags " + tags.getFirst();

    var refused = api.post("/api/posts", body(title, content));

    assertJsonError(refused, 400);
    assertThat(refused.json().get("message").asText())
        .contains("at most " + Tags.MAX_PER_POST + " distinct #tags", "has 21");
    // a post accepted after the refused one is projected after it: once it shows, the refused
    // one would have too
    var later = post("Later", "#" + tags.getFirst());
    var feed = awaitFeed(tags.getFirst(), f -> ids(f).contains(later));
    assertThat(ids(feed)).containsExactly(later);
    for (var tag : tags.subList(1, tags.size())) {
      assertJsonError(api.get("/api/feeds/" + tag), 404);
    }
    assertThat(api.get("/api/feeds/" + ALL_POSTS).json().get("posts").findValuesAsText("title"))
        .doesNotContain(title);
    var atTheCap =
        api.post(
            "/api/posts",
            body("At the cap", "#" + String.join(" #", tags.subList(1, tags.size()))));
    assertThat(atTheCap.status()).as(atTheCap.body()).isEqualTo(201);
  }

  @Test
  void aBodyBeyondAJsonLimitIs400WithAJsonError() {
    var deep = "{\"title\":".repeat(17) + "\"t\"" + "}".repeat(17);
    var longString = body("t", "c".repeat(16 * 1024 + 1));
    var longNumber = "{\"title\":\"t\",\"content\":\"c\",\"version\":" + "1".repeat(21) + "}";
    var longName = "{\"" + "n".repeat(257) + "\":1,\"title\":\"t\",\"content\":\"c\"}";
    var id = post("Valid", "#" + newTag());

    for (var json : new String[] {deep, longString, longName}) {
      var answer = api.post("/api/posts", json);
      assertJsonError(answer, 400);
      assertThat(answer.json().get("message").asText())
          .startsWith("request body is beyond a JSON limit");
    }
    var answer = api.patch("/api/posts/" + id, longNumber);
    assertJsonError(answer, 400);
    assertThat(answer.json().get("message").asText())
        .startsWith("request body is beyond a JSON limit");
    var deepArray = "[".repeat(20_000) + "]".repeat(20_000);
    assertJsonError(api.post("/api/posts", deepArray), 400);
  }

  @Test
  void limitsAreInclusive() {
    var response =
        api.post(
            "/api/posts",
            json(
                "title", "t".repeat(200), "content", "c".repeat(5_000), "author", "a".repeat(100)));

    assertThat(response.status()).isEqualTo(201);
  }

  @Test
  void invalidPatchesAre400AndUnknownPostsAre404() {
    var id = post("Valid", "#" + newTag());
    assertJsonError(api.patch("/api/posts/" + id, json("title", "only title")), 400);
    assertJsonError(api.patch("/api/posts/" + id, body("t", "c".repeat(5_001))), 400);
    assertJsonError(api.patch("/api/posts/" + UUID_NONE, body("t", "c")), 404);
    assertJsonError(api.get("/api/posts/" + UUID_NONE), 404);
    assertJsonError(api.get("/api/feeds/" + newTag()), 404);
  }

  @Test
  void wrongContentTypeIs415AndHugeBodyIs413() {
    assertJsonError(api.send("POST", "/api/posts", "text/plain", body("t", "c")), 415);
    assertJsonError(api.send("POST", "/api/posts", null, body("t", "c")), 415);
    var id = post("Valid", "#" + newTag());
    assertJsonError(api.send("PATCH", "/api/posts/" + id, "text/html", body("t", "c")), 415);
    assertJsonError(api.post("/api/posts", body("t", "x".repeat(200_000))), 413);
  }

  @Test
  void unknownApiRoutesAre404AndUnknownMethodsAre405WithAJsonError() {
    assertJsonError(api.get("/api/nothing/here"), 404);
    assertJsonError(api.send("DELETE", "/api/feeds", null, ""), 405);
    assertJsonError(api.send("PUT", "/api/posts/" + UUID_NONE, "application/json", "{}"), 405);
  }

  @Test
  void unknownFeedStreamIsAPlain404() {
    try (var stream = RecordingSseClient.open(harness.baseUrl() + "/api/feeds/" + newTag())) {
      assertThat(stream.status()).isEqualTo(404);
    }
  }

  // ---- reads ----------------------------------------------------------------------------------

  @Test
  void feedListHasTheAnchorShape() {
    var tag = newTag();
    post("One", "#" + tag);
    post("Two", "#" + tag);
    awaitFeed(tag, f -> f.get("posts").size() == 2);

    var list = api.get("/api/feeds");

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.contentType()).startsWith("application/json");
    assertThat(count(list.json(), tag)).isEqualTo(2);
    assertThat(list.json().get("feeds").get(0).get("name").asText()).isEqualTo(ALL_POSTS);
  }

  @Test
  void longFeedsArePaginated() {
    var tag = newTag();
    var created = new ArrayList<String>();
    api.post("/api/posts", body("first", "#" + tag)); // oldest
    for (int i = 0; i < 52; i++) {
      created.add(post("Post " + i, "number " + i + " #" + tag));
    }
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> count(api.get("/api/feeds").json(), tag) == 53);
    var newest = api.get("/api/feeds/" + tag).json();

    var older = api.get("/api/feeds/" + tag + "?before=" + newest.get("older").asText()).json();

    assertThat(ids(newest).get(0)).isEqualTo(created.get(51));
    assertThat(older.get("posts")).hasSize(3);
    assertThat(older.get("posts").get(2).get("title").asText()).isEqualTo("first");
    assertThat(older.get("older").isNull()).isTrue();
    var limited = api.get("/api/feeds/" + tag + "?limit=2").json();
    assertThat(ids(limited)).containsExactly(created.get(51), created.get(50));
  }

  // ---- projection rules through the pub/sub ---------------------------------------------------

  @Test
  void redeliveredAndOutOfOrderEventsChangeNothing() {
    var tag = newTag();
    var id = post("v1", "#" + tag);
    awaitFeed(tag, f -> ids(f).contains(id));
    api.patch("/api/posts/" + id, body("v2", "#" + tag + " #" + tag + "b"));
    awaitFeed(tag + "b", f -> ids(f).contains(id));
    var v2 = EventCodec.JSON.convertValue(api.get("/api/posts/" + id).json(), Post.class);
    var v1 = new Post(id, "v1", "#" + tag, v2.author(), Tags.parse("#" + tag), 1, v2.createdAt());
    var now = Instant.now();

    var publisher = harness.stack().publisher();
    publisher
        .publish(
            Topics.POST_UPDATED,
            EventCodec.message(Topics.POST_UPDATED, new PostUpdated(v1, v2, now), now))
        .join();
    publisher
        .publish(
            Topics.POST_CREATED,
            EventCodec.message(Topics.POST_CREATED, new PostCreated(v1, now), now))
        .join();
    var stale = v1.edit("stale", "#" + tag + "c");
    publisher
        .publish(
            Topics.POST_UPDATED,
            EventCodec.message(
                Topics.POST_UPDATED,
                new PostUpdated(
                    v1,
                    new Post(
                        id, "stale", stale.content(), v2.author(), stale.tags(), 1, v2.createdAt()),
                    now),
                now))
        .join();
    // a later real edit of another post on the same topic proves the injected events were handled
    var marker = post("marker", "#" + tag + "m");
    awaitFeed(tag + "m", f -> ids(f).contains(marker));
    api.patch("/api/posts/" + marker, body("marker2", "#" + tag + "m"));
    awaitFeed(tag + "m", f -> f.get("posts").get(0).get("title").asText().equals("marker2"));

    var post = api.get("/api/posts/" + id).json();
    assertThat(post.get("title").asText()).isEqualTo("v2");
    assertThat(post.get("version").asLong()).isEqualTo(2);
    assertThat(api.get("/api/feeds/" + tag + "c").status()).isEqualTo(404);
    assertThat(ids(api.get("/api/feeds/" + tag).json())).containsExactly(id);
  }

  private com.fasterxml.jackson.databind.JsonNode awaitPost(String id) {
    org.awaitility.Awaitility.await()
        .atMost(20, java.util.concurrent.TimeUnit.SECONDS)
        .until(() -> api.get("/api/posts/" + id).status() == 200);
    return api.get("/api/posts/" + id).json();
  }

  private static final String UUID_NONE = "00000000-0000-0000-0000-000000000000";
}
