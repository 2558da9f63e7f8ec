package dev.millrace.feeds.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import dev.millrace.feeds.support.Posts;
import dev.millrace.feeds.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedProjectionTest {

  private final TestDatabase database = TestDatabase.h2();
  private final FeedReadModel jdbc = JdbcFeedReadModel.create(database.dataSource());
  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<Message> announced = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    pubSub.close();
    database.close();
  }

  @Test
  void appliesEventsAndAnnouncesThePostAndItsFeeds() {
    pubSub.subscribe(
        Topics.FEEDS_UPDATED,
        delivery -> {
          announced.add(delivery.message());
          delivery.ack();
        });
    try (var projection = start(jdbc)) {
      var post = Posts.post("hello #java", 100);

      publishCreated(post);

      await().atMost(10, TimeUnit.SECONDS).until(() -> announced.size() == 1);
      var event = EventCodec.read(announced.get(0), FeedsUpdated.class);
      assertThat(event.postId()).isEqualTo(post.id());
      assertThat(event.feeds()).containsExactlyInAnyOrder("java", FeedReadModel.ALL_POSTS);
      assertThat(announced.get(0).metadata(FeedsUpdated.POST_ID)).isEqualTo(post.id());
      assertThat(FeedsUpdated.feedsOf(announced.get(0)))
          .containsExactlyInAnyOrder("java", "all-posts");
    }
  }

  @Test
  void aFailingReadModelIsRetriedUntilTheEventIsApplied() {
    var failures = new AtomicInteger(6);
    var flaky =
        new DelegatingReadModel(jdbc) {
          @Override
          public dev.millrace.feeds.readmodel.Projection apply(
              dev.millrace.feeds.posting.Post post) {
            if (failures.getAndDecrement() > 0) {
              throw new IllegalStateException("database unavailable");
            }
            return super.apply(post);
          }
        };
    try (var projection = start(flaky)) {
      var post = Posts.post("retry #me", 100);

      publishCreated(post);

      await().atMost(20, TimeUnit.SECONDS).until(() -> jdbc.post(post.id()).isPresent());
      assertThat(failures.get()).isNegative();
    }
  }

  @Test
  void malformedEventsAreDroppedAndDoNotBlockTheNextOnes() {
    try (var projection = start(jdbc)) {
      pubSub.publish(Topics.POST_CREATED, Message.of("{not json".getBytes())).join();
      var post = Posts.post("after garbage #ok", 100);

      publishCreated(post);

      await().atMost(10, TimeUnit.SECONDS).until(() -> jdbc.post(post.id()).isPresent());
      assertThat(
              metrics
                  .get("millrace.feeds.projections")
                  .tag("outcome", "malformed")
                  .counter()
                  .count())
          .isEqualTo(1.0);
    }
  }

  private FeedProjection start(FeedReadModel readModel) {
    return FeedProjection.start(pubSub, pubSub, readModel, Clock.systemUTC(), metrics);
  }

  private void publishCreated(dev.millrace.feeds.posting.Post post) {
    var now = Instant.now();
    pubSub
        .publish(
            Topics.POST_CREATED,
            EventCodec.message(Topics.POST_CREATED, new PostCreated(post, now), now))
        .join();
  }
}
