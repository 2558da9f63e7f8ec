package dev.millrace.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends thousands of generated bad requests to every route of a running server (see {@link
 * BadRequests}) and checks each answer: never a 5xx, every error a JSON body of the one shape, and
 * nothing stored. The seed is printed, and {@code -Dmillrace.fuzz.seed=N} replays a run.
 */
class RouteFuzzTest {

  private static final int REQUESTS = 3_000;
  private static final int LARGE_BODY = 64 * 1024;
  private static final int CLOSED_EARLY = 0;
  private static final String RUNNER = "fuzz-runner-token-0123456789abcdef";
  private static final String HUB_KEY = "fuzz-hub-key-0123456789abcdef-0123456789";
  private static final String HUB = publisherJwt();
  private static final String ADMIN = "fuzz-admin-token-0123456789abcdef";
  private static final ObjectMapper json = new ObjectMapper();

  @TempDir static Path dataDir;
  private static MillraceServer server;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    server =
        MillraceServer.start(
            ServerConfig.embedded("127.0.0.1", 0, dataDir.resolve("data"))
                .withMockRunner(false)
                .withAccess(
                    new AccessConfig(RUNNER, "fuzz-viewer-token-0123456789abcdef")
                        .withAdminToken(ADMIN))
                .withHub(HubOptions.DEFAULTS.withPublisherJwtKey(HUB_KEY)));
  }

  /** A publisher JWT that may publish to every topic: validation is what answers. */
  private static String publisherJwt() {
    var jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .claim("mercure", java.util.Map.of("publish", java.util.List.of("*")))
                .build());
    try {
      jwt.sign(new MACSigner(HUB_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void badRequestsGetAJsonClientErrorAndStoreNothing() throws Exception {
    long seed = Long.getLong("millrace.fuzz.seed", System.nanoTime());
    System.out.println("[fuzz] seed " + seed + " (replay with -Dmillrace.fuzz.seed=" + seed + ")");
    var before = storedState();
    var requests = new BadRequests(seed);
    var problems = new ArrayList<String>();
    int[] byClass = new int[6];
    int sent = 0;
    for (; sent < REQUESTS && problems.size() < 20; sent++) {
      var request = requests.next();
      var answer = send(request);
      byClass[answer.status() / 100]++;
      var problem = problemWith(answer);
      if (problem != null) {
        problems.add(problem + " <= " + request);
      }
    }
    System.out.printf(
        "[fuzz] %d requests: %d 2xx, %d 3xx, %d 4xx, %d 5xx%n",
        sent, byClass[2], byClass[3], byClass[4], byClass[5]);
    assertThat(problems).as("answers that break the error contract").isEmpty();
    assertThat(storedState()).as("what the server stores").isEqualTo(before);
  }

  private record Answer(int status, String contentType, String body) {}

  private static String problemWith(Answer answer) {
    if (answer.status() >= 500) {
      return answer.status() + " " + answer.body();
    }
    if (answer.status() < 400) {
      return null; // a success (nothing stored, checked at the end) or a large body cut short
    }
    if (!answer.contentType().startsWith("application/json")) {
      return answer.status() + " without a JSON body (" + answer.contentType() + ")";
    }
    try {
      JsonNode body = json.readTree(answer.body());
      if (!body.path("error").isTextual() || !body.path("message").isTextual()) {
        return answer.status() + " with a body not of the error shape: " + answer.body();
      }
    } catch (IOException e) {
      return answer.status() + " with a body that is not JSON: " + answer.body();
    }
    return null;
  }

  private static Answer send(BadRequests.Request request) throws InterruptedException {
    var builder =
        HttpRequest.newBuilder(URI.create(base() + request.path()))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", request.accept());
    if (!request.contentType().equals("none")) {
      builder.header("Content-Type", request.contentType());
    }
    switch (request.auth()) {
      case "runner" -> builder.header("Authorization", "Bearer " + RUNNER);
      case "hub" -> builder.header("Authorization", "Bearer " + HUB);
      case "admin" -> builder.header("Authorization", "Bearer " + ADMIN);
      case "forged" -> builder.header("Authorization", "Bearer forged-credential");
      default -> {}
    }
    builder.method(
        request.method(),
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    try {
      var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      var type = response.headers().firstValue("Content-Type").orElse("");
      try (InputStream body = response.body()) {
        // a stream that opened (200 text/event-stream) is fine; read no further than its start
        var text = type.startsWith("text/event-stream") ? "" : new String(body.readNBytes(4096));
        return new Answer(response.statusCode(), type, text);
      }
    } catch (IOException e) {
      if (request.body() != null && request.body().length > LARGE_BODY) {
        // the server may answer and close before it read all of a large body it does not want
        return new Answer(CLOSED_EARLY, "", "");
      }
      return new Answer(599, "", "the connection failed: " + e);
    }
  }

  /** What a user could see of stored data: posts, feeds, repositories, builds, dead letters. */
  private static List<String> storedState() throws Exception {
    var state = new ArrayList<String>();
    for (var path :
        List.of("/api/feeds", "/api/v1/repos", "/api/v1/builds", "/admin/dead-letters")) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(base() + path))
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + ADMIN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      state.add(path + " " + response.statusCode() + " " + response.body());
    }
    return state;
  }

  private static String base() {
    return "http://127.0.0.1:" + server.port();
  }
}
