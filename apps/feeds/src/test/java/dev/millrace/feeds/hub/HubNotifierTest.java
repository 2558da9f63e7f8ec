package dev.millrace.feeds.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.projection.Projected;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.support.Posts;
import dev.millrace.hub.Update;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HubNotifierTest {

  private static final String API = "http://localhost:8080/api";

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<Update> sent = new CopyOnWriteArrayList<>();

  @Test
  void publishesEachUpdateOfTheBatchAndCountsIt() {
    var notifier = notifier(update -> accept(update), 10);

    notifier.committed(List.of(applied(Posts.post("one #java", 1))));

    assertThat(sent)
        .extracting(update -> update.topics().getFirst())
        .containsExactly(API + "/feeds/all-posts", API + "/feeds/java", API + "/feeds");
    assertThat(count("published")).isEqualTo(3);
    assertThat(count("failed")).isZero();
  }

  @Test
  void aPublishThatFailsOrThrowsIsCountedAndNeverReachesTheCaller() {
    var failing =
        notifier(
            update -> {
              sent.add(update);
              return CompletableFuture.failedFuture(new IllegalStateException("the hub is closed"));
            },
            10);
    var throwing =
        notifier(
            update -> {
              throw new IllegalStateException("no hub");
            },
            10);

    assertThatCode(() -> failing.committed(List.of(applied(Posts.post("a #java", 1)))))
        .doesNotThrowAnyException();
    assertThatCode(() -> throwing.committed(List.of(applied(Posts.post("b #java", 2)))))
        .doesNotThrowAnyException();

    assertThat(sent).hasSize(3);
    assertThat(count("failed")).isEqualTo(6);
    assertThat(count("published")).isZero();
  }

  @Test
  void updatesBeyondTheInFlightLimitAreDroppedAndCountedUntilTheHubAnswers() {
    var pending = new CopyOnWriteArrayList<CompletableFuture<String>>();
    var notifier =
        notifier(
            update -> {
              var answer = new CompletableFuture<String>();
              pending.add(answer);
              return answer;
            },
            4);

    notifier.committed(List.of(applied(Posts.post("one #java #go", 1)))); // 4 updates
    notifier.committed(List.of(applied(Posts.post("two #java", 2)))); // 3 more

    assertThat(pending).hasSize(4);
    assertThat(count("dropped")).isEqualTo(3);

    pending.forEach(answer -> answer.complete("id"));
    notifier.committed(List.of(applied(Posts.post("three #java", 3))));

    assertThat(count("published")).isEqualTo(4);
    assertThat(pending).hasSize(7);
  }

  private HubNotifier notifier(HubPublisher publisher, int maxInFlight) {
    return new HubNotifier(new HubUpdates(new HubTopics(API)), publisher, metrics, maxInFlight);
  }

  private CompletableFuture<String> accept(Update update) {
    sent.add(update);
    return CompletableFuture.completedFuture(update.id());
  }

  private double count(String outcome) {
    return metrics.get("millrace.feeds.hub.updates").tag("outcome", outcome).counter().count();
  }

  private static Projected applied(Post post) {
    var feeds = new LinkedHashSet<String>();
    feeds.add(FeedReadModel.ALL_POSTS);
    feeds.addAll(post.tags());
    return new Projected(post, new Projection(true, feeds));
  }
}
