package dev.millrace.buildlogs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.testing.TestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sign-in and stream tokens: at most 10 attempts a minute per client, then 429. */
class RateLimitTest {

  static final String SIGN_IN = "/api/v1/viewer-session";

  @Test
  void theEleventhSignInAttemptWithinAMinuteGets429WithRetryAfter() {
    try (var server = TestServer.start()) {
      for (int i = 1; i <= RateLimit.DEFAULT_PER_MINUTE; i++) {
        var guess = server.send("POST", SIGN_IN, "{\"token\":\"guess-number-" + i + "\"}");
        assertThat(guess.statusCode()).as("attempt " + i).isEqualTo(403);
      }
      var limited = server.send("POST", SIGN_IN, "{\"token\":\"" + TestServer.VIEWER_TOKEN + "\"}");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Set-Cookie")).isEmpty();
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 60L);
      var body = Json.parse(limited.body());
      assertThat(body.get("error").asText()).isEqualTo("too_many_attempts");
      assertThat(body.get("message").asText()).contains("sign-in attempts", "retry in");
      assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/json");

      var spoofed =
          server.send(
              "POST",
              SIGN_IN,
              "{\"token\":\"" + TestServer.VIEWER_TOKEN + "\"}",
              "X-Forwarded-For",
              "203.0.113.9");
      assertThat(spoofed.statusCode())
          .as("X-Forwarded-For is ignored without a trusted proxy")
          .isEqualTo(429);
    }
  }

  @Test
  void theStreamTokenEndpointIsLimitedToo() {
    try (var server = TestServer.start()) {
      var repo = new Runner(server, "acme", "limited");
      repo.createBuild(List.of("a"), List.of());
      var path = repo.repoPath() + "/stream-token";
      var viewer = new String[] {"Authorization", "Bearer " + TestServer.VIEWER_TOKEN};
      for (int i = 1; i <= RateLimit.DEFAULT_PER_MINUTE; i++) {
        assertThat(server.send("POST", path, null, viewer).statusCode()).isEqualTo(200);
      }
      var limited = server.send("POST", path, null, viewer);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(Json.parse(limited.body()).get("error").asText()).isEqualTo("too_many_attempts");
    }
  }

  @Test
  void behindATrustedProxyTheLastForwardedHopIsTheClient() {
    try (var server = TestServer.start(TestDatabases.h2(), s -> s.withTrustProxy(true))) {
      for (int i = 1; i <= RateLimit.DEFAULT_PER_MINUTE; i++) {
        var guess =
            server.send(
                "POST", SIGN_IN, "{\"token\":\"guess-x\"}", "X-Forwarded-For", "1.1.1.1, 10.0.0.1");
        assertThat(guess.statusCode()).isEqualTo(403);
      }
      var sameHop =
          server.send(
              "POST", SIGN_IN, "{\"token\":\"guess-x\"}", "X-Forwarded-For", "9.9.9.9, 10.0.0.1");
      assertThat(sameHop.statusCode())
          .as("the first entries are the client's to choose; the proxy's hop counts")
          .isEqualTo(429);
      var otherClient =
          server.send(
              "POST",
              SIGN_IN,
              "{\"token\":\"" + TestServer.VIEWER_TOKEN + "\"}",
              "X-Forwarded-For",
              "10.0.0.2");
      assertThat(otherClient.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void bucketsRefillAndMemoryStaysBounded() {
    var now = new long[] {Instant.parse("2026-12-01T00:00:00Z").toEpochMilli()};
    var clock =
        new Clock() {
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          public Instant instant() {
            return Instant.ofEpochMilli(now[0]);
          }
        };
    var limit = new RateLimit("attempts", 10, 3, false, clock);
    for (int i = 0; i < 10; i++) {
      assertThat(limit.acquire("a")).isZero();
    }
    assertThat(limit.acquire("a")).isEqualTo(6);
    now[0] += 6_000;
    assertThat(limit.acquire("a")).isZero();
    assertThat(limit.acquire("a")).isPositive();
    for (int i = 0; i < 100; i++) {
      limit.acquire("client-" + i);
    }
    assertThat(limit.clients()).isEqualTo(3);
  }
}
