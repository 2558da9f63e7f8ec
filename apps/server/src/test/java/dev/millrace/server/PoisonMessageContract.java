package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A post the read model can never store, end to end through a running server: the posts behind it
 * still reach the read model, the poison one is listed by the admin API with its reason, counted in
 * {@code /metrics}, shown by {@code /healthz} as degraded, and replaying it after the fix applies
 * it once. One subclass per pub/sub; {@link #config} chooses it.
 */
abstract class PoisonMessageContract {

  static final String ADMIN_TOKEN = "poison-admin-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<PoisonReadModel> readModel = new AtomicReference<>();
  private MillraceServer server;

  /** The server's configuration with the pub/sub under test; the admin token is added. */
  protected abstract ServerConfig config(Path dataDir);

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aPoisonPostIsSetAsideShownCountedAndReplayedOnceAfterTheFix() throws Exception {
    var config = config(dataDir.resolve("data"));
    server =
        MillraceServer.start(
            config.withAccess(config.access().withAdminToken(ADMIN_TOKEN)).withMockRunner(false),
            delegate -> {
              var poisoned = new PoisonReadModel(delegate, "#poison", "#hopeless");
              readModel.set(poisoned);
              return poisoned;
            });

    var before = createPost("before", "first #ok");
    var poison = createPost("poison", "cannot be stored #poison");
    var hopeless = createPost("hopeless", "never fixed #hopeless");
    var after = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      after.add(createPost("after " + i, "later post " + i + " #ok"));
    }

    await().atMost(WAIT).until(() -> stored(before) && after.stream().allMatch(this::stored));
    await().atMost(WAIT).until(() -> deadLetters().getInteger("count") == 2);
    assertThat(stored(poison)).isFalse();
    var listed = deadLetters().getJsonArray("dead_letters");
    var poisonLetter = letterOf(listed.getList(), poison);
    var hopelessLetter = letterOf(listed.getList(), hopeless);
    assertThat(poisonLetter.getString("handler")).isEqualTo("feeds-project-created");
    assertThat(poisonLetter.getString("topic")).isEqualTo("post-created");
    assertThat(poisonLetter.getString("reason"))
        .contains("value too long for column content")
        .contains("22001");
    assertThat(poisonLetter.getInteger("attempts")).isEqualTo(3);

    var health = get("/healthz", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("degraded");
    assertThat(new JsonObject(health.body()).getInteger("dead_letters")).isEqualTo(2);
    var metrics = get("/metrics", null).body();
    assertThat(metrics)
        .contains("millrace_dead_letters_total{handler=\"feeds-project-created\"} 2.0")
        .contains("millrace_dead_letters_current{handler=\"feeds-project-created\"} 2.0");

    var unauthorized = get("/admin/dead-letters", "wrong");
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(unauthorized.body()).getString("error")).isEqualTo("unauthorized");

    var stillBroken =
        send("POST", "/admin/dead-letters/" + poisonLetter.getString("id") + "/replay");
    assertThat(stillBroken.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(stillBroken.body()).getString("error")).isEqualTo("replay_failed");
    assertThat(deadLetters().getInteger("count")).isEqualTo(2);

    readModel.get().fix("#poison");
    var replayed = send("POST", "/admin/dead-letters/" + poisonLetter.getString("id") + "/replay");
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(stored(poison)).isTrue();
    assertThat(readModel.get().changes(poison)).isEqualTo(1);

    var dropped = send("DELETE", "/admin/dead-letters/" + hopelessLetter.getString("id"));
    assertThat(dropped.statusCode()).isEqualTo(204);
    var gone = send("DELETE", "/admin/dead-letters/" + hopelessLetter.getString("id"));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(gone.body()).getString("error")).isEqualTo("not_found");

    assertThat(deadLetters().getInteger("count")).isZero();
    var healthy = get("/healthz", null);
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(healthy.body()).getString("status")).isEqualTo("up");
    await()
        .atMost(WAIT)
        .until(
            () ->
                get("/metrics", null)
                    .body()
                    .contains(
                        "millrace_dead_letters_current{handler=\"feeds-project-created\"} 0.0"));
    assertThat(readModel.get().changes(poison)).isEqualTo(1);
  }

  private boolean stored(String postId) {
    return readModel.get().post(postId).isPresent();
  }

  private static JsonObject letterOf(List<?> letters, String postId) {
    return letters.stream()
        .map(item -> item instanceof JsonObject json ? json : new JsonObject((java.util.Map) item))
        .filter(letter -> letter.getString("payload").contains(postId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dead letter of post " + postId));
  }

  private JsonObject deadLetters() throws Exception {
    var response = get("/admin/dead-letters", ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private String createPost(String title, String content) throws Exception {
    var body = new JsonObject().put("title", title).put("content", content).encode();
    var response =
        client.send(
            HttpRequest.newBuilder(uri("/api/posts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    var request = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
