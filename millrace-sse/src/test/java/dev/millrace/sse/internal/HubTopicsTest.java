package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.sse.HubOptions;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hub topics: joining races with removal, and what the hub keeps in memory. */
class HubTopicsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestServer server = new TestServer();
  private final SseClient client = new SseClient(server.vertx, server.port(), 8);
  private DefaultSseHub hub;

  @AfterEach
  void stop() {
    client.close();
    if (hub != null) {
      hub.close();
    }
    server.close();
  }

  @Test
  void aSubscriberJoiningATopicBeingRemovedStillGetsItsEvents() {
    start(HubOptions.DEFAULTS);
    var leaving = client.open("/hub/t");
    await().until(() -> hub.connections() == 1);
    // The last subscriber of "t" leaves right after the next one has looked the topic up (on
    // another event loop this can happen at any time; here the seam makes it happen every time).
    var failure = new AtomicReference<Throwable>();
    hub.beforeJoin =
        joining -> {
          hub.beforeJoin = null;
          try {
            for (Loop loop : hub.loops().all()) {
              assertThat(loop.inThread()).as("one event loop serves this test").isTrue();
              loop.connections().stream().filter(c -> c != joining).forEach(SseConnection::abort);
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        };
    var joined = client.open("/hub/t");
    await().until(() -> leaving.ended() && hub.connections() == 1);
    assertThat(failure.get()).isNull();

    hub.publish("t", "for the new subscriber");

    await().until(() -> joined.events.size() == 1);
    assertThat(joined.data()).containsExactly("for the new subscriber");
  }

  @Test
  void forgetsIdleTopicsWithoutSubscribersAndNeverReusesTheirIds() {
    start(HubOptions.DEFAULTS.withTopicIdleTimeout(Duration.ofMillis(100)));
    hub.publish("idle", "one");
    long last = hub.publish("idle", "two");
    var watching = client.open("/hub/watched");
    await().until(() -> hub.connections() == 1);
    hub.publish("watched", "kept");

    await().until(() -> hub.topicNames().equals(Set.of("watched")));
    var resumed = client.open("/hub/idle", "Last-Event-ID", Long.toString(last));
    await().until(() -> hub.connections() == 2);
    long next = hub.publish("idle", "three");

    assertThat(next).isGreaterThan(last + 1);
    await().until(() -> resumed.events.size() == 2);
    assertThat(resumed.events.getFirst().name()).isEqualTo("reset");
    assertThat(resumed.events.get(1)).isEqualTo(new Event(Long.toString(next), "message", "three"));
    assertThat(watching.data()).containsExactly("kept");
    assertThat(hub.topicNames()).containsExactlyInAnyOrder("idle", "watched");
  }

  @Test
  void keepsHistoryForAtMostMaxTopics() {
    start(HubOptions.DEFAULTS.withMaxTopics(2));
    hub.publish("a", "a1");
    hub.publish("b", "b1");
    hub.publish("c", "c1");
    assertThat(hub.topicNames()).as("the least recently active one goes").containsOnly("b", "c");

    var onB = client.open("/hub/b");
    var onC = client.open("/hub/c");
    await().until(() -> hub.connections() == 2);
    long d1 = hub.publish("d", "d1");
    assertThat(hub.topicNames())
        .as("no room, nobody listening: kept nowhere")
        .containsOnly("b", "c");

    var onD = client.open("/hub/d");
    await().until(() -> hub.connections() == 3);
    long d2 = hub.publish("d", "d2");
    var resumedD = client.open("/hub/d", "Last-Event-ID", Long.toString(d1));
    await().until(() -> hub.connections() == 4);
    long d3 = hub.publish("d", "d3");
    hub.publish("b", "b2");

    assertThat(d2).isGreaterThan(d1);
    await().until(() -> onD.events.size() == 2 && resumedD.events.size() == 2);
    assertThat(onD.data()).containsExactly("d2", "d3");
    assertThat(resumedD.events.getFirst()).isEqualTo(new Event(Long.toString(d2), "reset", ""));
    assertThat(resumedD.events.get(1).data()).isEqualTo("d3");
    await().until(() -> onB.events.size() == 1);
    assertThat(onB.data()).containsExactly("b2");
    assertThat(onC.events).isEmpty();
    assertThat(hub.topicsWithHistory()).isEqualTo(2);
  }

  private void start(HubOptions options) {
    hub = new DefaultSseHub(server.vertx, meters, options);
    server.router.route("/hub/:topic").handler(hub);
  }
}
