package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Publishing over HTTP, as the Symfony Mercure component posts: answers and authorization. */
class PublishTest {

  private final HubFixture fixture = new HubFixture(HubFixture.OPTIONS.withAnonymous(true));

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aPublishAnswersTheIdAsPlainText() {
    var response = fixture.post(Jwts.publisher(List.of("*")), "topic", "urn:t", "data", "x");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).matches("urn:uuid:[0-9a-f-]{36}");

    var given = fixture.post(Jwts.publisher(List.of("*")), "topic", "urn:t", "id", "given-1");
    assertThat(given.body()).isEqualTo("given-1");
  }

  @Test
  void publishingNeedsAValidJwtWhoseSelectorsCoverEveryTopic() {
    var stream = fixture.subscribe(null, topics("*"));
    await().until(() -> fixture.hub.connections() == 1);

    assertThat(fixture.post(null, "topic", "urn:a").statusCode()).isEqualTo(401);
    assertThat(fixture.post("not.a.jwt", "topic", "urn:a").statusCode()).isEqualTo(401);
    assertThat(fixture.post(Jwts.subscriber(List.of("*")), "topic", "urn:a").statusCode())
        .isEqualTo(403);
    String narrow = Jwts.publisher(List.of("urn:a", "https://example.com/{id}"));
    var refused = fixture.post(narrow, "topic", "urn:a", "topic", "urn:b", "data", "refused");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("\"error\":\"forbidden\"");
    assertThat(fixture.post(narrow, "topic", "https://example.com/5", "data", "ok").statusCode())
        .isEqualTo(200);

    await().until(() -> stream.events.size() == 1);
    assertThat(stream.events.getFirst().data()).isEqualTo("ok");
  }

  @Test
  void malformedUpdatesAreBadRequests() {
    String token = Jwts.publisher(List.of("*"));
    assertThat(fixture.post(token, "data", "no topic").statusCode()).isEqualTo(400);
    assertThat(fixture.post(token, "topic", "urn:a", "id", "#fragment").statusCode())
        .isEqualTo(400);
    assertThat(fixture.post(token, "topic", "urn:a", "retry", "soon").statusCode()).isEqualTo(400);
    assertThat(fixture.post(token, "topic", "urn:a", "type", "two\nlines").statusCode())
        .isEqualTo(400);
    assertThat(fixture.post(token, "topic", "urn:a", "id", "i".repeat(1_025)).statusCode())
        .isEqualTo(400);
    assertThat(fixture.post(token, "topic", "urn:a", "type", "t".repeat(1_025)).statusCode())
        .isEqualTo(400);
    assertThat(fixture.post(token, "topic", "urn:a", "id", "i".repeat(1_024)).statusCode())
        .isEqualTo(200);
    assertThat(fixture.post(token, "topic", "urn:a", "id", "dup").statusCode()).isEqualTo(200);
    await().until(() -> fixture.post(token, "topic", "urn:a", "id", "dup").statusCode() == 409);
  }

  @Test
  void withoutAPublisherKeyPublishingIsOffAndOtherKeysAreRefused() {
    try (var off = new HubFixture(HubOptions.DEFAULTS.withAnonymous(true))) {
      var response = off.post(Jwts.publisher(List.of("*")), "topic", "urn:a");
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("publishing is off");
    }
    try (var other = new HubFixture(HubOptions.DEFAULTS.withPublisherJwtKey("k".repeat(40)))) {
      assertThat(other.post(Jwts.publisher(List.of("*")), "topic", "urn:a").statusCode())
          .isEqualTo(401);
    }
  }
}
