package dev.millrace.feeds.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.core.deadletter.InMemoryDeadLetterStore;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.readmodel.ReadModelException;
import dev.millrace.feeds.support.Posts;
import dev.millrace.feeds.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLDataException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedProjectionTest {

  private final TestDatabase database = TestDatabase.h2();
  private final FeedReadModel jdbc = JdbcFeedReadModel.create(database.dataSource());
  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<Message> announced = new CopyOnWriteArrayList<>();
  private final DeadLetters deadLetters = DeadLetters.create(InMemoryDeadLetterStore.create());

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
  void theListenerHearsOfEveryCommittedEventWithWhatItChanged() {
    var heard = new CopyOnWriteArrayList<Projected>();
    try (var projection = start(jdbc, heard::addAll)) {
      var post = Posts.post("hello #java", 100);

      publishCreated(post);
      await().atMost(10, TimeUnit.SECONDS).until(() -> heard.size() == 1);
      publishCreated(post); // the same event again, as a relay would resend it

      await().atMost(10, TimeUnit.SECONDS).until(() -> heard.size() == 2);
      assertThat(heard).extracting(Projected::post).containsOnly(post);
      assertThat(heard.get(0).changed()).isTrue();
      assertThat(heard.get(0).projection().affectedFeeds())
          .containsExactlyInAnyOrder("java", "all-posts");
      assertThat(jdbc.post(post.id())).as("committed before the listener heard of it").isPresent();
      assertThat(heard.get(1).changed()).isFalse();
    }
  }

  @Test
  void aListenerThatThrowsIsCountedAndTheProjectionGoesOnAsIfItHadNot() {
    pubSub.subscribe(
        Topics.FEEDS_UPDATED,
        delivery -> {
          announced.add(delivery.message());
          delivery.ack();
        });
    var calls = new AtomicInteger();
    ProjectionListener broken =
        batch -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        };
    try (var projection = start(jdbc, broken)) {
      var first = Posts.post("first #java", 100);
      var second = Posts.post("second #java", 101);

      publishCreated(first);
      publishCreated(second);

      await().atMost(10, TimeUnit.SECONDS).until(() -> announced.size() == 2);
      assertThat(jdbc.post(first.id())).isPresent();
      assertThat(jdbc.post(second.id())).isPresent();
    }
    assertThat(calls).as("each event once: none failed nor was retried").hasValue(2);
    assertThat(deadLetters.count()).isZero();
    assertThat(metrics.get("millrace.feeds.projection.listener.failures").counter().count())
        .isEqualTo(2);
  }

  @Test
  void anUnreachableReadModelIsWaitedForAndTheEventNeverSetAside() {
    var failures = new AtomicInteger(16); // more than the deliveries before a dead letter
    var flaky =
        new DelegatingReadModel(jdbc) {
          @Override
          public Projection apply(Post post) {
            if (failures.getAndDecrement() > 0) {
              throw new ReadModelException(
                  "cannot apply", new SQLTransientConnectionException("connection refused"));
            }
            return super.apply(post);
          }
        };
    try (var projection = start(flaky)) {
      var post = Posts.post("retry #me", 100);

      publishCreated(post);

      await().atMost(60, TimeUnit.SECONDS).until(() -> jdbc.post(post.id()).isPresent());
      assertThat(failures.get()).isNegative();
      assertThat(deadLetters.count()).isZero();
    }
  }

  @Test
  void aPostTheReadModelAlwaysRejectsIsSetAsideTheNextOnesGoOnAndAReplayAppliesIt() {
    var poison = Posts.post("poison #bad", 100);
    var fixed = new AtomicBoolean();
    var applied = new AtomicInteger();
    var strict =
        new DelegatingReadModel(jdbc) {
          @Override
          public Projection apply(Post post) {
            if (post.id().equals(poison.id()) && !fixed.get()) {
              throw new ReadModelException(
                  "cannot apply", new SQLDataException("value too long", "22001"));
            }
            if (post.id().equals(poison.id())) {
              applied.incrementAndGet();
            }
            return super.apply(post);
          }
        };
    try (var projection = start(strict)) {
      var after = Posts.post("after #ok", 101);

      publishCreated(poison);
      publishCreated(after);

      await().atMost(30, TimeUnit.SECONDS).until(() -> deadLetters.count() == 1);
      await().atMost(10, TimeUnit.SECONDS).until(() -> jdbc.post(after.id()).isPresent());
      var letter = deadLetters.list(null, 10).getFirst();
      assertThat(letter.handler()).isEqualTo("feeds-project-created");
      assertThat(letter.reason()).contains("value too long");
      assertThat(letter.attempts()).isEqualTo(FeedProjection.MAX_FAILED_DELIVERIES);
      assertThat(jdbc.post(poison.id())).isEmpty();

      fixed.set(true);
      assertThat(deadLetters.replay(letter.id())).isEqualTo(DeadLetters.Replay.REPLAYED);

      assertThat(jdbc.post(poison.id())).isPresent();
      assertThat(applied).hasValue(1);
      assertThat(deadLetters.count()).isZero();
    }
  }

  @Test
  void malformedEventsAreSetAsideAndDoNotBlockTheNextOnes() {
    try (var projection = start(jdbc)) {
      pubSub.publish(Topics.POST_CREATED, Message.of("{not json".getBytes())).join();
      var post = Posts.post("after garbage #ok", 100);

      publishCreated(post);

      await().atMost(30, TimeUnit.SECONDS).until(() -> jdbc.post(post.id()).isPresent());
      assertThat(deadLetters.count()).isEqualTo(1);
      assertThat(deadLetters.list(null, 1).getFirst().reason()).contains("malformed PostCreated");
      assertThat(
              metrics
                  .get("millrace.feeds.projections")
                  .tag("outcome", "malformed")
                  .counter()
                  .count())
          .isPositive();
    }
  }

  private FeedProjection start(FeedReadModel readModel) {
    return start(readModel, ProjectionListener.NONE);
  }

  private FeedProjection start(FeedReadModel readModel, ProjectionListener listener) {
    return FeedProjection.start(
        pubSub, pubSub, readModel, Clock.systemUTC(), metrics, deadLetters, listener);
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
