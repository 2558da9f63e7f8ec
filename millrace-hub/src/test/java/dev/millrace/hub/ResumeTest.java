package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.sse.testing.SseParser;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reconnection: every id resumes exactly, and an id the history lacks is said to be lost. */
class ResumeTest {

  private final HubFixture fixture = new HubFixture(HubFixture.OPTIONS.withAnonymous(true));
  private final String publisher = Jwts.publisher(List.of("*"));

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void lastEventIdResumesAfterThatIdWithOnlyTheMatchingUpdates() {
    String one = publish("urn:a", "one");
    publish("urn:other", "not watched");
    publish("urn:a", "two");
    String three = publish("urn:a", "three");

    var resumed = fixture.subscribe(null, topics("urn:a"), "Last-Event-ID", one);
    await().until(() -> resumed.events.size() == 2);
    assertThat(resumed.headers().get("Last-Event-ID")).isEqualTo(one);
    assertThat(resumed.events).extracting(SseParser.Event::data).containsExactly("two", "three");
    assertThat(resumed.events.getLast().id()).isEqualTo(three);

    publish("urn:a", "live");
    await().until(() -> resumed.events.size() == 3);
    assertThat(resumed.events.getLast().data()).isEqualTo("live");
  }

  @Test
  void theQueryParametersResumeTooAndEarliestSendsTheWholeHistory() {
    String one = publish("urn:a", "one");
    publish("urn:a", "two");

    var camel = fixture.sse.open("/.well-known/mercure?" + topics("urn:a") + "&lastEventID=" + one);
    var snake =
        fixture.sse.open("/.well-known/mercure?" + topics("urn:a") + "&last_event_id=" + one);
    var earliest =
        fixture.sse.open("/.well-known/mercure?" + topics("urn:a") + "&lastEventID=earliest");
    await().until(() -> camel.events.size() == 1 && snake.events.size() == 1);
    await().until(() -> earliest.events.size() == 2);
    assertThat(camel.events.getFirst().data()).isEqualTo("two");
    assertThat(earliest.headers().get("Last-Event-ID")).isEqualTo("earliest");
  }

  @Test
  void anIdTheHistoryLacksIsAnsweredWithEarliestAndTheWholeHistory() {
    publish("urn:a", "one");
    var unknown = fixture.subscribe(null, topics("urn:a"), "Last-Event-ID", "urn:uuid:never-seen");
    await().until(() -> unknown.events.size() == 1);
    assertThat(unknown.headers().get("Last-Event-ID")).isEqualTo("earliest");
  }

  @Test
  void aNewSubscriberIsToldTheNewestIdSoItCanResumeFromThere() {
    var empty = fixture.subscribe(null, topics("urn:a"));
    await().until(() -> empty.status() == 200);
    assertThat(empty.headers().get("Last-Event-ID")).isEqualTo("earliest");
    String last = publish("urn:b", "before");
    var fresh = fixture.subscribe(null, topics("urn:a"));
    await().until(() -> fresh.status() == 200);
    assertThat(fresh.headers().get("Last-Event-ID")).isEqualTo(last);
    assertThat(fresh.events).isEmpty();
  }

  @Test
  void historyKeepsAtMostTheConfiguredCount() {
    try (var small =
        new HubFixture(
            HubFixture.OPTIONS.withAnonymous(true).withHistory(HistoryLimits.parse("2,1h")))) {
      String one = publish(small, "urn:a", "1");
      publish(small, "urn:a", "2");
      publish(small, "urn:a", "3");
      var resumed = small.subscribe(null, topics("urn:a"), "Last-Event-ID", one);
      await().until(() -> resumed.events.size() == 2);
      assertThat(resumed.headers().get("Last-Event-ID")).isEqualTo("earliest");
      assertThat(resumed.events).extracting(SseParser.Event::data).containsExactly("2", "3");
    }
  }

  private String publish(String topic, String data) {
    return publish(fixture, topic, data);
  }

  /** Publishes, then waits until the hub's node has it (the bus delivers asynchronously). */
  private String publish(HubFixture to, String topic, String data) {
    var watcher = to.subscribe(null, topics("*"), "Last-Event-ID", "earliest");
    var response = to.post(publisher, "topic", topic, "data", data);
    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.body();
    await().until(() -> watcher.events.stream().anyMatch(event -> event.id().equals(id)));
    watcher.close();
    return id;
  }
}
