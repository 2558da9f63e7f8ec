package dev.millrace.feeds.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.core.deadletter.InMemoryDeadLetterStore;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.hub.HubNotifier;
import dev.millrace.feeds.hub.HubPublisher;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.support.Posts;
import dev.millrace.feeds.support.TestDatabase;
import dev.millrace.hub.Update;
import dev.millrace.jdbc.JdbcPubSub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The projection with its hub notifier on the SQL pub/sub, which hands the projection real batches:
 * one hub update per changed feed per batch, published after the commit, and a hub that fails does
 * not touch the projection.
 */
class FeedProjectionToHubTest {

  private static final String API = "http://localhost:8080/api";
  private static final int POSTS = 60;

  private final TestDatabase bus = TestDatabase.h2();
  private final TestDatabase read = TestDatabase.h2();
  private final JdbcPubSub pubSub = JdbcPubSub.create(bus.dataSource());
  private final FeedReadModel jdbc = JdbcFeedReadModel.create(read.dataSource());
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final DeadLetters deadLetters = DeadLetters.create(InMemoryDeadLetterStore.create());
  private final List<Integer> batches = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
  private final FeedReadModel counting =
      new DelegatingReadModel(jdbc) {
        @Override
        public Projection apply(Post post) {
          batches.add(1);
          applied.computeIfAbsent(post.id(), id -> new AtomicInteger()).incrementAndGet();
          return super.apply(post);
        }

        @Override
        public List<Projection> applyAll(List<Post> posts) {
          batches.add(posts.size());
          posts.forEach(
              post ->
                  applied.computeIfAbsent(post.id(), id -> new AtomicInteger()).incrementAndGet());
          return jdbc.applyAll(posts);
        }
      };

  @AfterEach
  void close() {
    pubSub.close();
    bus.close();
    read.close();
  }

  @Test
  void aBatchOfPostsToOneFeedIsOneUpdateOfThatFeedPublishedAfterTheCommit() {
    var posts = publishCreated("in a batch #java");
    var sent = new CopyOnWriteArrayList<Update>();
    var unreadable = new CopyOnWriteArrayList<String>();
    HubPublisher hub =
        update -> {
          for (var id : texts(json(update).path("changed_posts"))) {
            if (jdbc.post(id).isEmpty()) {
              unreadable.add(id);
            }
          }
          sent.add(update);
          return java.util.concurrent.CompletableFuture.completedFuture(update.id());
        };

    try (var projection = start(hub)) {
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> changedPosts(sent, API + "/feeds/java").size() == POSTS);
    }

    var java = topic(sent, API + "/feeds/java");
    assertThat(java).as("one update of the feed per batch").hasSize(batches.size());
    assertThat(batches).as("the pub/sub delivered batches").anyMatch(size -> size > 1);
    assertThat(java.size()).isLessThan(POSTS);
    assertThat(changedPosts(sent, API + "/feeds/java"))
        .as("every post once, in order")
        .containsExactlyElementsOf(posts.stream().map(Post::id).toList());
    assertThat(topic(sent, API + "/feeds/all-posts")).hasSize(batches.size());
    assertThat(topic(sent, API + "/feeds")).hasSize(batches.size());
    assertThat(unreadable).as("posts announced before the read model committed them").isEmpty();
  }

  @Test
  void aHubThatFailsNeitherFailsNorRepeatsNorHoldsBackTheProjection() {
    var announced = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        Topics.FEEDS_UPDATED,
        delivery -> {
          announced.add(delivery.message().metadata(FeedsUpdated.POST_ID));
          delivery.ack();
        });
    var attempts = new AtomicInteger();
    HubPublisher hub =
        update -> {
          if (attempts.incrementAndGet() % 2 == 0) {
            throw new IllegalStateException("the hub is gone");
          }
          return java.util.concurrent.CompletableFuture.failedFuture(
              new IllegalStateException("the hub cannot store the update"));
        };

    try (var projection = start(hub)) {
      var posts = publishCreated("despite the hub #java");

      await().atMost(30, TimeUnit.SECONDS).until(() -> announced.size() >= POSTS);
      assertThat(posts).allMatch(post -> jdbc.post(post.id()).isPresent());
      assertThat(Set.copyOf(announced)).hasSize(POSTS);
    }

    assertThat(applied.values()).as("no event applied twice").allMatch(n -> n.get() == 1);
    assertThat(deadLetters.count()).isZero();
    assertThat(attempts.get()).isPositive();
    assertThat(metrics.get("millrace.feeds.hub.updates").tag("outcome", "failed").counter().count())
        .isEqualTo(attempts.get());
  }

  private FeedProjection start(HubPublisher hub) {
    return FeedProjection.start(
        pubSub,
        pubSub,
        counting,
        Clock.systemUTC(),
        metrics,
        deadLetters,
        HubNotifier.create(API, hub, metrics));
  }

  private List<Post> publishCreated(String content) {
    var posts = new ArrayList<Post>();
    for (int i = 0; i < POSTS; i++) {
      var post = Posts.post(content + " " + i, 1_000 + i);
      var now = Instant.now();
      pubSub
          .publish(
              Topics.POST_CREATED,
              EventCodec.message(Topics.POST_CREATED, new PostCreated(post, now), now))
          .join();
      posts.add(post);
    }
    return posts;
  }

  private static List<Update> topic(List<Update> sent, String topic) {
    return sent.stream().filter(update -> update.topics().getFirst().equals(topic)).toList();
  }

  private static List<String> changedPosts(List<Update> sent, String topic) {
    var ids = new ArrayList<String>();
    topic(sent, topic).forEach(update -> ids.addAll(texts(json(update).path("changed_posts"))));
    return ids;
  }

  private static JsonNode json(Update update) {
    try {
      return EventCodec.JSON.readTree(update.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
