package dev.millrace.hub.internal;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Subscribers come and go while updates are published without pause: each one gets every update
 * published after its subscription was confirmed, in order and without a gap, and once they have
 * all left no event loop's index keeps an entry for them.
 */
@Tag("slow")
class ChurnTest {

  private static final String TOPIC = "https://example.com/race";
  private static final String[][] SELECTORS = {
    {TOPIC}, {"https://example.com/{what}"}, {"*"}, {"urn:other", TOPIC}
  };
  private static final int SUBSCRIBERS = 120;
  private static final int AT_ONCE = 12;

  private final HubFixture fixture = new HubFixture(HubFixture.OPTIONS.withAnonymous(true));
  private final String publisher = Jwts.publisher(List.of("*"));
  private final AtomicBoolean publishing = new AtomicBoolean(true);

  /** The number of the update being published, set before its POST is sent. */
  private final AtomicLong sending = new AtomicLong();

  /** The number of the last update whose POST was answered 200. */
  private final AtomicLong published = new AtomicLong();

  private final AtomicReference<Throwable> publishFailure = new AtomicReference<>();

  @AfterEach
  void stop() {
    publishing.set(false);
    fixture.close();
  }

  /** A subscriber and the number of the update being sent when its stream was confirmed. */
  private record Subscriber(SseClient.Stream stream, long sendingAtConfirm) {
    List<Long> numbers() {
      return stream.events.stream().map(SseParser.Event::data).map(Long::valueOf).toList();
    }
  }

  @Test
  void subscribersThatComeAndGoMissNothingAndLeaveNoEntryBehind() throws Exception {
    var hub = (DefaultMercureHub) fixture.hub;
    var publisherThread = Thread.ofVirtual().start(this::publishUntilStopped);
    var live = new ArrayDeque<Subscriber>();
    var done = new ArrayList<Subscriber>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      live.add(subscribe(SELECTORS[i % SELECTORS.length]));
      if (i == AT_ONCE - 1) {
        assertThat(indexesEmpty(hub)).as("the index while subscribers are joined").isFalse();
      }
      if (live.size() > AT_ONCE) {
        done.add(leave(live.poll()));
      }
    }
    while (!live.isEmpty()) {
      done.add(leave(live.poll()));
    }
    publishing.set(false);
    publisherThread.join(10_000);
    assertThat(publishFailure.get()).as("publishing").isNull();

    assertThat(published.get()).as("updates published").isGreaterThan(SUBSCRIBERS);
    for (Subscriber subscriber : done) {
      List<Long> numbers = subscriber.numbers();
      assertThat(numbers).as("%s", subscriber.stream()).isNotEmpty();
      assertThat(numbers.getFirst())
          .as("first update after confirmation at %d", subscriber.sendingAtConfirm())
          .isLessThanOrEqualTo(subscriber.sendingAtConfirm() + 1);
      for (int k = 1; k < numbers.size(); k++) {
        assertThat(numbers.get(k))
            .as("after %d", numbers.get(k - 1))
            .isEqualTo(numbers.get(k - 1) + 1);
      }
    }
    await().until(() -> hub.connections() == 0);
    await().until(() -> indexesEmpty(hub));
  }

  private Subscriber subscribe(String... selectors) {
    var stream = fixture.subscribe(null, topics(selectors));
    await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(10))
        .until(() -> stream.status() == 200 || stream.ended());
    assertThat(stream.status()).as("%s", stream).isEqualTo(200);
    return new Subscriber(stream, sending.get());
  }

  /** Closes the stream once it got a few updates published after it was confirmed. */
  private Subscriber leave(Subscriber subscriber) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              List<Long> numbers = subscriber.numbers();
              return !numbers.isEmpty() && numbers.getLast() > subscriber.sendingAtConfirm() + 3;
            });
    subscriber.stream().close();
    return subscriber;
  }

  private void publishUntilStopped() {
    try {
      for (long n = 1; publishing.get(); n++) {
        sending.set(n);
        var response = fixture.post(publisher, "topic", TOPIC, "data", Long.toString(n));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        published.set(n);
      }
    } catch (Throwable e) {
      publishFailure.set(e);
      publishing.set(false);
    }
  }

  /** Whether every loop's index is empty, checked on each loop. */
  private static boolean indexesEmpty(DefaultMercureHub hub) throws Exception {
    for (LoopIndex index : hub.indexes()) {
      var empty = new CompletableFuture<Boolean>();
      index.loop.execute(() -> empty.complete(index.isEmpty()));
      if (!empty.get(5, TimeUnit.SECONDS)) {
        return false;
      }
    }
    return true;
  }
}
