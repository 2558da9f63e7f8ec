package dev.millrace.buildlogs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.RecordingSseClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runner token on writes; viewer credentials on private repositories, streams included. */
class AccessApiTest {

  static TestServer server;
  static Runner secret;
  static Runner open;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    secret = new Runner(server, "acme", "secret");
    secret.createBuild(List.of("compile"), List.of());
    secret.makePrivate();
    secret.appendRange(1, 1, 1, 3, "classified ");
    open = new Runner(server, "acme", "open");
    open.createBuild(List.of("compile"), List.of());
    open.appendRange(1, 1, 1, 2, "hello ");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void runnerEndpointsAnswer401WithoutATokenAnd403WithAWrongOne() {
    var create = "{\"steps\":[{\"name\":\"a\"}]}";
    var lines = "{\"lines\":[{\"number\":3,\"text\":\"x\"}]}";
    var status = "{\"status\":\"running\"}";
    var logs = open.stepPath(1, 1) + "/logs";

    assertThat(server.send("POST", open.repoPath() + "/builds", create).statusCode())
        .isEqualTo(401);
    assertThat(server.send("POST", logs, lines).statusCode()).isEqualTo(401);
    assertThat(server.send("PATCH", open.stepPath(1, 1), status).statusCode()).isEqualTo(401);
    var noToken = server.send("POST", logs, lines);
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(Json.parse(noToken.body()).get("error").asText()).isEqualTo("unauthorized");

    var wrong = new String[] {"Authorization", "Bearer not-the-runner-token"};
    assertThat(server.send("POST", open.repoPath() + "/builds", create, wrong).statusCode())
        .isEqualTo(403);
    assertThat(server.send("POST", logs, lines, wrong).statusCode()).isEqualTo(403);
    assertThat(server.send("PATCH", open.stepPath(1, 1), status, wrong).statusCode())
        .isEqualTo(403);
    var viewer = new String[] {"Authorization", "Bearer " + TestServer.VIEWER_TOKEN};
    assertThat(server.send("POST", logs, lines, viewer).statusCode())
        .as("the viewer token does not make a runner")
        .isEqualTo(403);
    assertThat(server.send("GET", open.stepPath(1, 1) + "/logs?from=0", null).statusCode())
        .as("nothing was appended by the refused requests")
        .isEqualTo(200);
    assertThat(
            Json.parse(server.send("GET", open.stepPath(1, 1) + "/logs?from=0", null).body())
                .get("lines"))
        .hasSize(2);
  }

  @Test
  void publicRepositoriesAreReadableByAll() {
    assertThat(server.send("GET", open.repoPath() + "/builds/1", null).statusCode()).isEqualTo(200);
    assertThat(server.send("GET", open.stepPath(1, 1) + "/logs", null).body())
        .isEqualTo("hello 1\nhello 2\n");
  }

  @Test
  void privateRepositoriesNeedAViewerCredential() {
    var build = secret.repoPath() + "/builds/1";
    var log = secret.stepPath(1, 1) + "/logs";
    assertThat(server.send("GET", build, null).statusCode()).isEqualTo(404);
    assertThat(server.send("GET", log, null).statusCode()).isEqualTo(404);
    assertThat(server.send("GET", secret.repoPath() + "/builds", null).statusCode()).isEqualTo(404);
    assertThat(server.send("GET", log, null, "Authorization", "Bearer wrong-viewer").statusCode())
        .isEqualTo(404);

    var viewer = new String[] {"Authorization", "Bearer " + TestServer.VIEWER_TOKEN};
    assertThat(server.send("GET", build, null, viewer).statusCode()).isEqualTo(200);
    assertThat(server.send("GET", log, null, viewer).body()).startsWith("classified 1\n");
    assertThat(
            server
                .send("GET", build, null, "Authorization", "Bearer " + TestServer.RUNNER_TOKEN)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void theBuildsListHidesPrivateRepositoriesFromAnonymousViewers() {
    var anonymous = Json.parse(server.send("GET", "/api/v1/builds", null).body()).get("builds");
    assertThat(anonymous)
        .extracting(b -> b.get("repo").asText())
        .contains("open")
        .doesNotContain("secret");
    var viewer =
        Json.parse(
                server
                    .send(
                        "GET",
                        "/api/v1/builds",
                        null,
                        "Authorization",
                        "Bearer " + TestServer.VIEWER_TOKEN)
                    .body())
            .get("builds");
    assertThat(viewer).extracting(b -> b.get("repo").asText()).contains("open", "secret");
  }

  @Test
  void signInTradesTheViewerTokenForAnHttpOnlySessionCookie() {
    var wrong = server.send("POST", "/api/v1/viewer-session", "{\"token\":\"guess-guess\"}");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    var ok =
        server.send(
            "POST", "/api/v1/viewer-session", "{\"token\":\"" + TestServer.VIEWER_TOKEN + "\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    var setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie.toLowerCase(java.util.Locale.ROOT))
        .contains(Access.SESSION_COOKIE + "=", "httponly", "samesite=lax", "path=/");
    var cookie = setCookie.substring(0, setCookie.indexOf(';'));

    assertThat(
            server
                .send("GET", secret.repoPath() + "/builds/1", null, "Cookie", cookie)
                .statusCode())
        .isEqualTo(200);
    var forged = cookie.substring(0, cookie.length() - 3) + "abc";
    assertThat(
            server
                .send("GET", secret.repoPath() + "/builds/1", null, "Cookie", forged)
                .statusCode())
        .isEqualTo(404);

    try (var stream =
        RecordingSseClient.open(
            server.client(),
            server.url(secret.stepPath(1, 1) + "/logs/events"),
            "Cookie",
            cookie)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.next().id()).isEqualTo("1");
    }
  }

  @Test
  void aPrivateStreamAnswers404BeforeAnyEventWithoutAValidCredential() {
    var url = server.url(secret.stepPath(1, 1) + "/logs/events");
    try (var none = RecordingSseClient.open(server.client(), url)) {
      assertThat(none.status()).isEqualTo(404);
      assertThat(none.header("Content-Type")).startsWith("application/json");
      assertThat(none.body()).doesNotContain("classified");
    }
    try (var wrong = RecordingSseClient.open(server.client(), url + "?access_token=forged.token")) {
      assertThat(wrong.status()).isEqualTo(404);
      assertThat(wrong.body()).doesNotContain("classified");
    }
    try (var wrongBearer =
        RecordingSseClient.open(server.client(), url, "Authorization", "Bearer nope-nope")) {
      assertThat(wrongBearer.status()).isEqualTo(404);
    }
    try (var status =
        RecordingSseClient.open(
            server.client(), server.url(secret.repoPath() + "/builds/1/events"))) {
      assertThat(status.status()).isEqualTo(404);
    }
  }

  @Test
  void aStreamTokenOpensTheStreamsOfItsRepositoryOnly() {
    var anonymous = server.send("POST", secret.repoPath() + "/stream-token", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(Json.parse(anonymous.body()).get("error").asText()).isEqualTo("unauthorized");
    var answer =
        server.send(
            "POST",
            secret.repoPath() + "/stream-token",
            null,
            "Authorization",
            "Bearer " + TestServer.VIEWER_TOKEN);
    assertThat(answer.statusCode()).isEqualTo(200);
    var token =
        URLEncoder.encode(Json.parse(answer.body()).get("token").asText(), StandardCharsets.UTF_8);

    var url = server.url(secret.stepPath(1, 1) + "/logs/events?access_token=" + token);
    try (var stream = RecordingSseClient.open(server.client(), url)) {
      assertThat(stream.status()).isEqualTo(200);
      var first = stream.next();
      assertThat(first.id()).isEqualTo("1");
      assertThat(Json.parse(first.data()).get("text").asText()).isEqualTo("classified 1");
    }

    var other = new Runner(server, "acme", "other-secret");
    other.createBuild(List.of("a"), List.of());
    other.makePrivate();
    var elsewhere = server.url(other.stepPath(1, 1) + "/logs/events?access_token=" + token);
    try (var stream = RecordingSseClient.open(server.client(), elsewhere)) {
      assertThat(stream.status()).isEqualTo(404);
    }
  }

  @Test
  void aStreamTokenOpensStreamsOnlyAndCannotMintAnother() {
    var token = streamToken(secret);

    var renewed =
        server.send("POST", secret.repoPath() + "/stream-token?access_token=" + token, null);
    assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(401);
    assertThat(Json.parse(renewed.body()).has("token")).isFalse();

    for (var path :
        List.of(
            secret.repoPath() + "/builds",
            secret.repoPath() + "/builds/1",
            secret.stepPath(1, 1) + "/logs",
            secret.stepPath(1, 1) + "/logs?from=0")) {
      var sep = path.contains("?") ? "&" : "?";
      var answer = server.send("GET", path + sep + "access_token=" + token, null);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).as(path).doesNotContain("classified");
    }
    try (var stream =
        RecordingSseClient.open(
            server.client(),
            server.url(secret.repoPath() + "/builds/1/events?access_token=" + token))) {
      assertThat(stream.status()).isEqualTo(200);
    }
  }

  @Test
  void aCredentialSignedWithAKeyDerivedFromTheTokensIsRefused() {
    long expiry = java.time.Instant.now().plusSeconds(600).getEpochSecond();
    var stream =
        Forgery.signWithTokenDerivedKey(
            TestServer.RUNNER_TOKEN, TestServer.VIEWER_TOKEN, "stream|acme/secret|" + expiry);
    var url =
        server.url(
            secret.stepPath(1, 1)
                + "/logs/events?access_token="
                + URLEncoder.encode(stream, StandardCharsets.UTF_8));
    try (var forged = RecordingSseClient.open(server.client(), url)) {
      assertThat(forged.status()).isEqualTo(404);
      assertThat(forged.body()).doesNotContain("classified");
    }
    var session =
        Forgery.signWithTokenDerivedKey(
            TestServer.RUNNER_TOKEN, TestServer.VIEWER_TOKEN, "session|viewer|" + expiry);
    var cookie = Access.SESSION_COOKIE + "=" + session;
    assertThat(
            server
                .send("GET", secret.repoPath() + "/builds/1", null, "Cookie", cookie)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void signingOutRevokesTheCookieOnTheServer() {
    var cookie = signIn();
    var build = secret.repoPath() + "/builds/1";
    assertThat(server.send("GET", build, null, "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(
            Json.parse(server.send("GET", "/api/v1/viewer-session", null, "Cookie", cookie).body())
                .get("signedIn")
                .asBoolean())
        .isTrue();

    var out = server.send("DELETE", "/api/v1/viewer-session", null, "Cookie", cookie);
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");

    // a client that kept the cookie anyway is refused everywhere, streams included
    assertThat(server.send("GET", build, null, "Cookie", cookie).statusCode()).isEqualTo(404);
    assertThat(
            Json.parse(server.send("GET", "/api/v1/viewer-session", null, "Cookie", cookie).body())
                .get("signedIn")
                .asBoolean())
        .isFalse();
    try (var stream =
        RecordingSseClient.open(
            server.client(),
            server.url(secret.stepPath(1, 1) + "/logs/events"),
            "Cookie",
            cookie)) {
      assertThat(stream.status()).isEqualTo(404);
    }
    assertThat(
            server
                .send("POST", secret.repoPath() + "/stream-token", null, "Cookie", cookie)
                .statusCode())
        .isEqualTo(401);
    var anotherSession = signIn();
    assertThat(server.send("GET", build, null, "Cookie", anotherSession).statusCode())
        .as("signing out ends one session, not the others")
        .isEqualTo(200);
  }

  @Test
  void aPrivateRepositoryAnswersExactlyAsAnUnknownOneOnEveryRoute() {
    var revoked = signIn();
    server.send("DELETE", "/api/v1/viewer-session", null, "Cookie", revoked);
    var otherToken = streamToken(open);
    String[][] callers = {
      {},
      {"Authorization", "Bearer wrong-token-wrong-token"},
      {"Cookie", revoked},
      {"Cookie", Access.SESSION_COOKIE + "=forged.cookie"},
    };
    var routes =
        List.of(
            "/builds",
            "/builds/1",
            "/builds/1/steps/1/logs",
            "/builds/1/steps/1/logs?from=0",
            "/builds/1/events",
            "/builds/1/steps/1/logs/events",
            "/builds/1/events?access_token=" + otherToken,
            "/builds/1/steps/1/logs/events?access_token=" + otherToken);
    for (var route : routes) {
      for (var caller : callers) {
        var hidden = get(secret.repoPath() + route, caller);
        var unknown = get("/api/v1/repos/acme/no-such-repo" + route, caller);
        var what = route + " " + String.join(" ", caller);
        assertThat(hidden.statusCode()).as(what).isEqualTo(404);
        assertThat(unknown.statusCode()).as(what).isEqualTo(404);
        assertThat(hidden.body().replace("acme/secret", "acme/X"))
            .as(what)
            .isEqualTo(unknown.body().replace("acme/no-such-repo", "acme/X"));
        assertThat(hidden.headers().firstValue("WWW-Authenticate")).as(what).isEmpty();
      }
    }
  }

  private static java.net.http.HttpResponse<String> get(String path, String... headers) {
    var all = new java.util.ArrayList<>(List.of(headers));
    if (path.contains("/events")) {
      all.addAll(List.of("Accept", "text/event-stream"));
    }
    return server.send("GET", path, null, all.toArray(String[]::new));
  }

  private static String signIn() {
    var ok =
        server.send(
            "POST", "/api/v1/viewer-session", "{\"token\":\"" + TestServer.VIEWER_TOKEN + "\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    var setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static String streamToken(Runner repo) {
    var answer =
        server.send(
            "POST",
            repo.repoPath() + "/stream-token",
            null,
            "Authorization",
            "Bearer " + TestServer.VIEWER_TOKEN);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return URLEncoder.encode(
        Json.parse(answer.body()).get("token").asText(), StandardCharsets.UTF_8);
  }
}
