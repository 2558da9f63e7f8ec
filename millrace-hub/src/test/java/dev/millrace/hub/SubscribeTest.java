package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.sse.testing.SseParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscribing over HTTP: selectors, one connection for all, authorization, expiry. */
class SubscribeTest {

  private final HubFixture fixture = new HubFixture(HubFixture.OPTIONS.withAnonymous(true));
  private final String publisher = Jwts.publisher(List.of("*"));

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aSubscriptionWithoutTopicIsABadRequestWithTheErrorShape() {
    var response = fixture.get("/.well-known/mercure");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body()).contains("\"error\":\"bad_request\"").contains("topic");
  }

  @Test
  void oneConnectionGetsEachMatchingUpdateOnceWhateverHowManySelectorsMatch() {
    var stream =
        fixture.subscribe(
            null,
            topics(
                "https://example.com/books/1",
                "https://example.com/books/{id}",
                "https://example.com/authors/7"));
    await().until(() -> stream.status() == 200 && fixture.hub.connections() == 1);
    assertThat(stream.headers().get("Content-Type")).startsWith("text/event-stream");

    post("topic", "https://example.com/books/1", "data", "book one");
    post(
        "topic",
        "https://example.com/books/2",
        "topic",
        "https://example.com/authors/7",
        "data",
        "book two by seven");
    post("topic", "https://example.com/reviews/3", "data", "not watched");
    post(
        "topic",
        "https://example.com/authors/7",
        "data",
        "author",
        "type",
        "author-updated",
        "id",
        "author-7-v2",
        "retry",
        "1500");

    await().until(() -> stream.events.size() == 3);
    assertThat(stream.events)
        .extracting(SseParser.Event::data)
        .containsExactly("book one", "book two by seven", "author");
    assertThat(stream.events.get(0).id()).startsWith("urn:uuid:");
    assertThat(stream.events.get(2).id()).isEqualTo("author-7-v2");
    assertThat(stream.events.get(2).name()).isEqualTo("author-updated");
    assertThat(stream.retry()).isEqualTo(1500);
  }

  @Test
  void theWildcardSelectorGetsEveryPublicUpdateAndMultiLineDataArrivesWhole() {
    var stream = fixture.subscribe(null, topics("*"));
    await().until(() -> fixture.hub.connections() == 1);
    post("topic", "urn:a", "data", "line 1\nline 2\r\nline 3");
    post("topic", "urn:b", "data", "");
    await().until(() -> stream.events.size() == 2);
    assertThat(stream.events)
        .extracting(SseParser.Event::data)
        .containsExactly("line 1\nline 2\nline 3", "");
  }

  @Test
  void privateUpdatesReachOnlySubscribersWhoseJwtSelectorsMatch() {
    var allowed =
        fixture.subscribe(Jwts.subscriber(List.of("https://example.com/users/{id}")), topics("*"));
    var other =
        fixture.subscribe(Jwts.subscriber(List.of("https://example.com/other")), topics("*"));
    var anonymous = fixture.subscribe(null, topics("*"));
    await().until(() -> fixture.hub.connections() == 3);

    post("topic", "https://example.com/users/9", "data", "secret", "private", "on");
    post("topic", "https://example.com/users/9", "data", "public");

    await().until(() -> allowed.events.size() == 2 && other.events.size() == 1);
    await().until(() -> anonymous.events.size() == 1);
    assertThat(allowed.events)
        .extracting(SseParser.Event::data)
        .containsExactly("secret", "public");
    assertThat(other.events).extracting(SseParser.Event::data).containsExactly("public");
    assertThat(anonymous.events).extracting(SseParser.Event::data).containsExactly("public");
  }

  @Test
  void aPrivateUpdateMatchedThroughAnAlternateTopicIsDelivered() {
    var stream =
        fixture.subscribe(Jwts.subscriber(List.of("urn:alternate")), topics("urn:canonical"));
    await().until(() -> fixture.hub.connections() == 1);
    post(
        "topic", "urn:canonical", "topic", "urn:alternate", "data", "via alternate", "private", "");
    await().until(() -> stream.events.size() == 1);
  }

  @Test
  void anonymousSubscribersAreRefusedUnlessAllowed() {
    try (var closed = new HubFixture(HubFixture.OPTIONS)) {
      var response = closed.get("/.well-known/mercure?" + topics("*"));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("\"error\":\"unauthorized\"");
      var bad = closed.get("/.well-known/mercure?" + topics("*"), "Authorization", "Bearer x.y.z");
      assertThat(bad.statusCode()).isEqualTo(401);
      var stream = closed.subscribe(Jwts.subscriber(List.of("*")), topics("*"));
      await().until(() -> stream.status() == 200);
    }
  }

  @Test
  void theTokenIsTakenFromHeaderThenQueryThenCookie() {
    try (var closed = new HubFixture(HubFixture.OPTIONS)) {
      String valid = Jwts.subscriber(List.of("*"));
      var byQuery =
          closed.sse.open("/.well-known/mercure?" + topics("*") + "&authorization=" + valid);
      var byCookie =
          closed.sse.open(
              "/.well-known/mercure?" + topics("*"), "Cookie", "mercureAuthorization=" + valid);
      await().until(() -> byQuery.status() == 200 && byCookie.status() == 200);
      // The header wins over the cookie: a bad header is refused even with a good cookie.
      var headerFirst =
          closed.get(
              "/.well-known/mercure?" + topics("*"),
              "Authorization",
              "Bearer not-a-jwt",
              "Cookie",
              "mercureAuthorization=" + valid);
      assertThat(headerFirst.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void theStreamEndsWhenTheJwtExpires() {
    String token = Jwts.hs256(Map.of("subscribe", List.of("*")), Instant.now().plusSeconds(2));
    var stream = fixture.subscribe(token, topics("*"));
    await().until(() -> stream.status() == 200);
    await().atMost(java.time.Duration.ofSeconds(10)).until(stream::ended);
    var expired =
        fixture.get(
            "/.well-known/mercure?" + topics("*"),
            "Authorization",
            "Bearer "
                + Jwts.hs256(Map.of("subscribe", List.of("*")), Instant.now().minusSeconds(5)));
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).contains("expired");
  }

  @Test
  void corsHeadersGoOnlyToListedOrigins() {
    try (var cors =
        new HubFixture(
            HubOptions.DEFAULTS.withAnonymous(true).withCorsOrigins(List.of("http://app.test")))) {
      var listed =
          cors.sse.open("/.well-known/mercure?" + topics("*"), "Origin", "http://app.test");
      var other =
          cors.sse.open("/.well-known/mercure?" + topics("*"), "Origin", "http://evil.test");
      await().until(() -> listed.status() == 200 && other.status() == 200);
      assertThat(listed.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://app.test");
      assertThat(listed.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
      assertThat(other.headers().get("Access-Control-Allow-Origin")).isNull();
    }
  }

  private void post(String... fields) {
    var response = fixture.post(publisher, fields);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
