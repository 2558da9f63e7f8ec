package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.MessageListener;
import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.sse.testing.SseParser;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client resumes on a node that has not yet received the update whose id it sends (it was
 * published through another node a moment ago): the node catches up with the bus first, and the
 * resume is exact rather than a needless "history does not reach back".
 */
class LaggingNodeTest {

  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private volatile CountDownLatch hold;
  private final HubFixture a =
      new HubFixture(HubFixture.OPTIONS.withAnonymous(true), HubBus.live(pubSub, pubSub));
  private final HubFixture b =
      new HubFixture(
          HubFixture.OPTIONS.withAnonymous(true),
          new HubBus(
              pubSub,
              (topic, listener) -> pubSub.subscribe(topic, held(listener)),
              "mercure-updates"));
  private final String publisher = Jwts.publisher(List.of("*"));

  @AfterEach
  void stop() {
    hold = null;
    a.close();
    b.close();
    pubSub.close();
  }

  @Test
  void aResumeWithAnIdTheNodeHasNotReceivedYetWaitsForTheBus() throws Exception {
    var release = new CountDownLatch(1);
    hold = release;
    var onA = a.subscribe(null, topics("urn:lag"));
    await().until(() -> onA.status() == 200);
    String first = a.post(publisher, "topic", "urn:lag", "data", "one").body();
    a.post(publisher, "topic", "urn:lag", "data", "two");
    await().until(() -> onA.events.size() == 2);

    var resumed = b.subscribe(null, topics("urn:lag"), "Last-Event-ID", first);
    Thread.sleep(200); // b's request is in, waiting for b to catch up
    assertThat(resumed.status()).isZero();
    release.countDown();
    await().until(() -> resumed.events.size() == 1);
    assertThat(resumed.headers().get("Last-Event-ID")).isEqualTo(first);
    assertThat(resumed.events).extracting(SseParser.Event::data).containsExactly("two");
  }

  private MessageListener held(MessageListener listener) {
    return delivery -> {
      CountDownLatch latch = hold;
      if (latch != null) {
        latch.await(10, TimeUnit.SECONDS);
      }
      listener.onMessage(delivery);
    };
  }
}
