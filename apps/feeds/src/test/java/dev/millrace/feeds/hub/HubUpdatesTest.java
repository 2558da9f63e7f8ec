package dev.millrace.feeds.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.projection.Projected;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.support.Posts;
import dev.millrace.hub.Update;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubUpdatesTest {

  private static final String API = "https://feeds.example.com/api";

  private final HubUpdates updates = new HubUpdates(new HubTopics(API));

  @Test
  void aBatchOfManyPostsIsOneUpdatePerChangedFeedAndOneOfTheFeedList() {
    var batch = new ArrayList<Projected>();
    var javaPosts = new ArrayList<String>();
    var goPosts = new ArrayList<String>();
    for (int i = 0; i < 100; i++) {
      var post = Posts.post(i % 4 == 0 ? "post " + i + " #java #go" : "post " + i + " #java", i);
      batch.add(applied(post));
      javaPosts.add(post.id());
      if (i % 4 == 0) {
        goPosts.add(post.id());
      }
    }

    var published = updates.of(batch);

    assertThat(published)
        .extracting(update -> update.topics().getFirst())
        .containsExactly(
            API + "/feeds/all-posts", API + "/feeds/go", API + "/feeds/java", API + "/feeds");
    assertThat(json(published.get(2)).path("feed").asText()).isEqualTo("java");
    assertThat(texts(json(published.get(2)).path("changed_posts"))).isEqualTo(javaPosts);
    assertThat(texts(json(published.get(1)).path("changed_posts"))).isEqualTo(goPosts);
    assertThat(texts(json(published.get(3)).path("changed_feeds")))
        .containsExactly(FeedReadModel.ALL_POSTS, "go", "java");
    assertThat(published).noneMatch(Update::privateUpdate);
    assertThat(published).allMatch(update -> update.type() == null && update.retry() == null);
  }

  @Test
  void idsNameTheResourceAndTheLastChangeOfTheBatchThatTouchedIt() {
    var first = Posts.post("one #java #go", 1);
    var second = Posts.post("two #java", 2);

    var published = updates.of(List.of(applied(first), applied(second)));

    assertThat(published)
        .extracting(Update::id)
        .containsExactly(
            "urn:millrace:feeds:feed:all-posts:" + second.id() + ":1",
            "urn:millrace:feeds:feed:go:" + first.id() + ":1",
            "urn:millrace:feeds:feed:java:" + second.id() + ":1",
            "urn:millrace:feeds:list:" + second.id() + ":1");
    assertThat(updates.of(List.of(applied(first), applied(second))))
        .as("the same batch makes the same updates")
        .isEqualTo(published);
  }

  @Test
  void eventsThatChangedNothingAnnounceNothing() {
    var redelivered = Posts.post("again #java", 1);
    var batch =
        List.of(
            new Projected(redelivered, new Projection(false, Set.of("java", "all-posts"))),
            new Projected(Posts.post("old #go", 2), new Projection(false, Set.of())));

    assertThat(updates.of(batch)).isEmpty();
  }

  @Test
  void editedPostsGetOneUpdateEachWithTheirLastVersionCreatedOnesNone() {
    var created = Posts.post("new #java", 1);
    var edited = Posts.edited(Posts.post("draft #java", 2), "first edit #java");
    var editedTwice = Posts.edited(edited, "second edit #java");
    var other = Posts.edited(Posts.post("other #go", 3), "other edit #go");

    var published =
        updates.of(
            List.of(applied(created), applied(edited), applied(other), applied(editedTwice)));

    var posts =
        published.stream()
            .filter(update -> update.topics().getFirst().startsWith(API + "/posts/"))
            .toList();
    assertThat(posts)
        .extracting(update -> update.topics().getFirst())
        .containsExactly(API + "/posts/" + other.id(), API + "/posts/" + edited.id());
    assertThat(json(posts.get(1)).path("post").asText()).isEqualTo(edited.id());
    assertThat(json(posts.get(1)).path("version").asLong()).isEqualTo(3);
    assertThat(posts.get(1).id()).isEqualTo("urn:millrace:feeds:post:" + edited.id() + ":3");
    var java = published.stream().filter(u -> u.topics().getFirst().endsWith("/java")).toList();
    assertThat(java).hasSize(1);
    assertThat(texts(json(java.getFirst()).path("changed_posts")))
        .as("a post edited twice in the batch is named once")
        .containsExactly(created.id(), edited.id());
  }

  @Test
  void aFeedThePostLeftIsAnnouncedToo() {
    var post = Posts.edited(Posts.post("was #java", 1), "now #go");
    var left = new Projection(true, new LinkedHashSet<>(List.of("all-posts", "java", "go")));

    var published = updates.of(List.of(new Projected(post, left)));

    assertThat(published)
        .extracting(update -> update.topics().getFirst())
        .contains(API + "/feeds/java", API + "/feeds/go");
  }

  @Test
  void topicsPercentEncodeNamesAsOnePathSegment() {
    var topics = new HubTopics(API);

    assertThat(topics.feed("été")).isEqualTo(API + "/feeds/%C3%A9t%C3%A9");
    assertThat(topics.feed("java")).isEqualTo(API + "/feeds/java");
    assertThat(topics.post("a/b c")).isEqualTo(API + "/posts/a%2Fb%20c");
    assertThat(topics.feedList()).isEqualTo(API + "/feeds");
    var post = Posts.post("#été", 1);
    assertThat(updates.of(List.of(applied(post))).get(1).id())
        .isEqualTo("urn:millrace:feeds:feed:%C3%A9t%C3%A9:" + post.id() + ":1");
  }

  /** {@code post} as the read model applies it the first time: into its feeds. */
  private static Projected applied(Post post) {
    var feeds = new LinkedHashSet<String>();
    feeds.add(FeedReadModel.ALL_POSTS);
    feeds.addAll(post.tags());
    return new Projected(post, new Projection(true, feeds));
  }

  private static JsonNode json(Update update) {
    try {
      return EventCodec.JSON.readTree(update.data());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
