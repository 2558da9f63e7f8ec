package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscription events and the subscription API, when enabled. */
class SubscriptionsTest {

  private static final String EVENTS = "/.well-known/mercure/subscriptions/{topic}/{subscriber}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubFixture fixture = new HubFixture(HubFixture.OPTIONS.withSubscriptions(true));

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void subscriptionsAreAnnouncedAndListedToAuthorizedSubscribers() throws Exception {
    String watcherToken = Jwts.subscriber(List.of(EVENTS));
    var watcher = fixture.subscribe(watcherToken, topics(EVENTS));
    await().until(() -> watcher.status() == 200);
    // The watcher's own subscription is announced too; wait for it, then start another.
    await().until(() -> watcher.events.size() == 1);

    String memberToken =
        Jwts.hs256(
            Map.of("subscribe", List.of("urn:room"), "payload", Map.of("user", "kim")), null);
    var member = fixture.subscribe(memberToken, topics("urn:room"));
    await().until(() -> watcher.events.size() == 2);
    JsonNode started = JSON.readTree(watcher.events.get(1).data());
    assertThat(started.path("type").asText()).isEqualTo("Subscription");
    assertThat(started.path("topic").asText()).isEqualTo("urn:room");
    assertThat(started.path("active").asBoolean()).isTrue();
    assertThat(started.path("payload").path("user").asText()).isEqualTo("kim");
    assertThat(started.path("id").asText())
        .startsWith("/.well-known/mercure/subscriptions/urn%3Aroom/urn%3Auuid%3A");

    var list =
        fixture.get(
            "/.well-known/mercure/subscriptions", "Authorization", "Bearer " + watcherToken);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(list.body());
    assertThat(body.path("type").asText()).isEqualTo("Subscriptions");
    assertThat(body.path("lastEventID").asText()).isEqualTo(watcher.events.get(1).id());
    assertThat(body.path("subscriptions").findValuesAsText("topic")).contains("urn:room");
    assertThat(fixture.get("/.well-known/mercure/subscriptions").statusCode()).isEqualTo(401);

    member.close();
    await().until(() -> watcher.events.size() == 3);
    JsonNode ended = JSON.readTree(watcher.events.get(2).data());
    assertThat(ended.path("active").asBoolean()).isFalse();
    assertThat(ended.path("id").asText()).isEqualTo(started.path("id").asText());
  }

  @Test
  void subscriptionEventsArePrivate() {
    var outsider = fixture.subscribe(Jwts.subscriber(List.of("urn:room")), topics(EVENTS, "*"));
    await().until(() -> outsider.status() == 200);
    var member = fixture.subscribe(Jwts.subscriber(List.of("urn:room")), topics("urn:room"));
    await().until(() -> member.status() == 200 && fixture.hub.connections() == 2);
    assertThat(
            fixture
                .post(Jwts.publisher(List.of("*")), "topic", "urn:marker", "data", "m")
                .statusCode())
        .isEqualTo(200);
    await().until(() -> outsider.events.size() == 1);
    assertThat(outsider.events.getFirst().data()).isEqualTo("m");
  }
}
