package dev.millrace.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.millrace.hub.HubOptions;
import dev.millrace.server.AccessConfig;
import dev.millrace.server.MillraceServer;
import dev.millrace.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends thousands of generated bad requests to every route of a running server (see {@link
 * BadRequests}) and checks each answer against the {@link ErrorContract}: a client error, never a
 * 5xx or a successful write, as JSON of the one shape with a code that goes with the status; and
 * that nothing was stored ({@link StoredState}). The hub runs with its subscription API on; the
 * demo API, which needs the mock runner, is fuzzed on a second server. The seed is printed, and
 * {@code -Dmillrace.fuzz.seed=N} replays a run.
 */
class RouteFuzzTest {

  private static final int REQUESTS = 5_000;
  private static final int DEMO_REQUESTS = 500;
  private static final int MAX_PROBLEMS = 20;

  /** The mock runner starts a build of its own a minute after the server (if none runs). */
  private static final Duration MOCK_INTERVAL = Duration.ofSeconds(60);

  private static final String RUNNER = "fuzz-runner-token-0123456789abcdef";
  private static final String VIEWER = "fuzz-viewer-token-0123456789abcdef";
  private static final String ADMIN = "fuzz-admin-token-0123456789abcdef";
  private static final String HUB_KEY = "fuzz-hub-key-0123456789abcdef-0123456789";
  private static final String PUBLISHER = jwt("publish");
  private static final String SUBSCRIBER = jwt("subscribe");

  @TempDir static Path dataDir;
  private static MillraceServer server;

  @BeforeAll
  static void start() {
    server =
        MillraceServer.start(
            config(dataDir.resolve("data"), false)
                .withHub(HubOptions.DEFAULTS.withPublisherJwtKey(HUB_KEY).withSubscriptions(true)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ServerConfig config(Path data, boolean mockRunner) {
    return ServerConfig.embedded("127.0.0.1", 0, data)
        .withMockRunner(mockRunner)
        .withAccess(new AccessConfig(RUNNER, VIEWER).withAdminToken(ADMIN));
  }

  /** A JWT whose {@code mercure.<claim>} selector is every topic: validation is what answers. */
  private static String jwt(String claim) {
    var jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder().claim("mercure", Map.of(claim, List.of("*"))).build());
    try {
      jwt.sign(new MACSigner(HUB_KEY.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @Test
  void badRequestsGetAJsonClientErrorAndStoreNothing() throws Exception {
    var stored = new StoredState(server.port(), dataDir.resolve("data"), VIEWER, ADMIN, SUBSCRIBER);
    var before = stored.read();

    var run = fuzz(server.port(), Route.ALL, REQUESTS);

    assertThat(run.problems()).as("answers that break the error contract").isEmpty();
    assertThat(run.sent()).isEqualTo(REQUESTS);
    assertThat(stored.read()).as("what the server stores").isEqualTo(before);
  }

  @Test
  void badRequestsToTheDemoStartNoBuild() throws Exception {
    var started = System.nanoTime();
    try (var demo = MillraceServer.start(config(dataDir.resolve("demo"), true))) {
      var stored = new StoredState(demo.port(), dataDir.resolve("demo"), VIEWER, ADMIN, null);
      var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (stored.builds().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50); // the mock build the runner starts with
      }
      var before = stored.builds();
      assertThat(before).as("the mock runner's first build").hasSize(1);

      var run = fuzz(demo.port(), Route.DEMO, DEMO_REQUESTS);

      assertThat(run.problems()).as("answers that break the error contract").isEmpty();
      var after = stored.builds();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the fuzzing ended before the mock runner could start its next build")
          .isLessThan(MOCK_INTERVAL);
      assertThat(after).as("the builds").isEqualTo(before);
    }
  }

  @Test
  void theStoredStateSeesPrivateRepositoriesHubUpdatesAndSessions() throws Exception {
    var stored = new StoredState(server.port(), dataDir.resolve("data"), VIEWER, ADMIN, SUBSCRIBER);
    var before = stored.read();

    var repo = "{\"private\":true}";
    assertThat(withBody("PUT", "/api/v1/repos/sanity/hidden", "Bearer " + RUNNER, repo).status())
        .isEqualTo(200);
    var update = "topic=https%3A%2F%2Fexample.com%2Fsanity&data=sanity-update&private=on";
    assertThat(withBody("POST", "/.well-known/mercure", "Bearer " + PUBLISHER, update).status())
        .isEqualTo(200);
    var signIn = "{\"token\":\"" + VIEWER + "\"}";
    assertThat(withBody("POST", "/api/v1/viewer-session", null, signIn).status())
        .isBetween(200, 204);

    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    var after = stored.read();
    while (!String.join("\n", after).contains("sanity-update") && System.nanoTime() < deadline) {
      Thread.sleep(50); // the hub keeps an update once the bus delivers it back
      after = stored.read();
    }
    var changed = new ArrayList<>(after);
    changed.removeAll(before);
    assertThat(String.join("\n", changed))
        .contains("/api/v1/repos 200", "hidden")
        .contains("hub history", "sanity-update")
        .containsIgnoringCase("millrace.bl_viewer_session 1");
  }

  private static RawClient.Answer withBody(String method, String path, String auth, String body)
      throws InterruptedException {
    var type = body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded";
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    var head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + bytes.length
            + "\r\n"
            + (auth == null ? "" : "Authorization: " + auth + "\r\n")
            + "\r\n";
    return RawClient.send(server.port(), head, bytes);
  }

  @Test
  void limitsOfHttpDecodingAndUnknownMethodsAreJsonErrors() throws Exception {
    var longLine = "/api/feeds?pad=" + "p".repeat(BadRequests.MAX_REQUEST_LINE);
    assertError(withoutBody("GET", longLine, ""), 414, "uri_too_long");
    var bigHeader = "X-Padding: " + "h".repeat(BadRequests.MAX_HEADERS) + "\r\n";
    assertError(withoutBody("GET", "/api/feeds", bigHeader), 431, "headers_too_large");
    for (var path :
        List.of(
            "/api/feeds",
            "/api/posts/1",
            "/api/v1/repos",
            "/api/v1/repos/o/r/builds",
            "/healthz",
            "/.well-known/mercure",
            "/.well-known/mercure/subscriptions")) {
      assertError(withoutBody("BREW", path, ""), 405, "method_not_allowed");
    }
  }

  private static void assertError(RawClient.Answer answer, int status, String code)
      throws Exception {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).isEqualTo("application/json");
    var body = new ObjectMapper().readTree(answer.body());
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).isNotBlank();
  }

  private static RawClient.Answer withoutBody(String method, String path, String headers)
      throws InterruptedException {
    return RawClient.send(
        server.port(),
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + headers
            + "\r\n",
        null);
  }

  private record Run(int sent, List<String> problems) {}

  private static Run fuzz(int port, List<Route> routes, int count) throws InterruptedException {
    long seed = Long.getLong("millrace.fuzz.seed", System.nanoTime());
    System.out.println("[fuzz] seed " + seed + " (replay with -Dmillrace.fuzz.seed=" + seed + ")");
    var requests = new BadRequests(seed, routes);
    var problems = new ArrayList<String>();
    int[] byClass = new int[6];
    int refusedEarly = 0;
    int overLimits = 0;
    int sent = 0;
    long started = System.nanoTime();
    for (; sent < count && problems.size() < MAX_PROBLEMS; sent++) {
      var request = requests.next();
      var answer = RawClient.send(port, head(request), request.body());
      byClass[answer.status() / 100]++;
      if (ErrorContract.refusedEarly(request, answer)) {
        refusedEarly++;
      }
      if (request.expected() != 0) {
        overLimits++;
      }
      var problem = ErrorContract.problemWith(request, answer);
      if (problem != null) {
        problems.add(problem + " <= " + request);
      }
    }
    System.out.printf(
        "[fuzz] %d requests over %d routes in %d ms: %d 2xx, %d 3xx, %d 4xx, %d 5xx, %d without"
            + " an answer; %d over the request line or header limit; %d large bodies refused"
            + " before they were read%n",
        sent,
        routes.size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        byClass[2],
        byClass[3],
        byClass[4],
        byClass[5],
        byClass[0],
        overLimits,
        refusedEarly);
    return new Run(sent, problems);
  }

  private static String head(BadRequests.Request request) {
    var head =
        new StringBuilder()
            .append(request.method())
            .append(' ')
            .append(request.path())
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: ")
            .append(request.accept())
            .append("\r\n");
    if (!request.contentType().equals("none")) {
      head.append("Content-Type: ").append(request.contentType()).append("\r\n");
    }
    var credential =
        switch (request.auth()) {
          case "runner" -> RUNNER;
          case "hub" -> PUBLISHER;
          case "subscriber" -> SUBSCRIBER;
          case "admin" -> ADMIN;
          case "forged" -> "forged-credential";
          default -> null;
        };
    if (credential != null) {
      head.append("Authorization: Bearer ").append(credential).append("\r\n");
    }
    for (var header : request.headers()) {
      head.append(header).append("\r\n");
    }
    if (request.body() != null) {
      head.append("Content-Length: ").append(request.body().length).append("\r\n");
    }
    return head.append("\r\n").toString();
  }
}
