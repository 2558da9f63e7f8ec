package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.nats.JetStreamPubSub;
import dev.millrace.nats.JetStreamPubSubOptions;
import dev.millrace.sse.testing.SseParser;
import io.nats.client.Nats;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several hub nodes on one JetStream stream (the NATS server on 127.0.0.1:4222): every node
 * delivers every update to its own subscribers once, in the same order, and a node started later
 * reads the history back and resumes any id.
 */
class JetStreamNodesTest {

  private static final String NATS = "nats://127.0.0.1:4222";

  private final String prefix = "hubtest-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final String publisher = Jwts.publisher(List.of("*"));

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
    try (var connection = Nats.connect(NATS)) {
      connection
          .jetStreamManagement()
          .deleteStream(JetStreamPubSubOptions.forPrefix(prefix).streamName());
    }
  }

  @Test
  void everyNodeDeliversEveryUpdateOnceInOrderAndALaterNodeResumes() {
    HubFixture a = node();
    HubFixture b = node();
    var onA = a.subscribe(null, topics("urn:cluster"));
    var onB = b.subscribe(null, topics("urn:cluster"));
    await().until(() -> a.hub.connections() == 1 && b.hub.connections() == 1);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HubFixture through = i % 2 == 0 ? a : b;
      var response = through.post(publisher, "topic", "urn:cluster", "data", "u" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      ids.add(response.body());
    }
    await().until(() -> onA.events.size() == 20 && onB.events.size() == 20);
    assertThat(onA.events)
        .extracting(SseParser.Event::id)
        .isEqualTo(onB.events.stream().map(SseParser.Event::id).toList());
    assertThat(onA.events).extracting(SseParser.Event::id).containsExactlyInAnyOrderElementsOf(ids);

    HubFixture c = node();
    String after = onA.events.get(4).id();
    var resumed = c.subscribe(null, topics("urn:cluster"), "Last-Event-ID", after);
    await().until(() -> resumed.events.size() == 15);
    assertThat(resumed.headers().get("Last-Event-ID")).isEqualTo(after);
    assertThat(resumed.events)
        .extracting(SseParser.Event::id)
        .isEqualTo(onA.events.subList(5, 20).stream().map(SseParser.Event::id).toList());
  }

  private HubFixture node() {
    var pubSub = JetStreamPubSub.create(NATS, JetStreamPubSubOptions.forPrefix(prefix));
    open.add(pubSub);
    var bus =
        new HubBus(
            pubSub,
            (topic, listener) -> pubSub.subscribeFrom(topic, 1, listener),
            HubBus.DEFAULT_TOPIC);
    var fixture = new HubFixture(HubFixture.OPTIONS.withAnonymous(true), bus);
    open.add(fixture);
    return fixture;
  }
}
