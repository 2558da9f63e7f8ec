package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dead-letters command against a running server whose read model rejects some posts. */
class DeadLettersCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  private MillraceServer server;
  private final AtomicReference<PoisonReadModel> readModel = new AtomicReference<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void start() {
    server =
        MillraceServer.start(
            ServerConfig.embedded("127.0.0.1", 0, dataDir.resolve("data"))
                .withMockRunner(false)
                .withAccess(AccessConfig.none().withAdminToken("cli-admin-token-0123456789abcdef")),
            delegate -> {
              var poisoned = new PoisonReadModel(delegate, "#poison", "#hopeless");
              readModel.set(poisoned);
              return poisoned;
            });
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(stdout);
    System.setErr(stderr);
    server.close();
  }

  @Test
  void anEmptyStoreListsNothingAndUnknownIdsAreNotFound() {
    assertThat(run("list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"count\" : 0");

    assertThat(run("replay", "no-such-id")).isEqualTo(1);
    assertThat(run("drop", "no-such-id")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not_found");
  }

  @Test
  void listsReplaysAndDropsRealDeadLetters() throws Exception {
    var poison = createPost("poison", "cannot be stored #poison");
    var hopeless = createPost("hopeless", "never fixed #hopeless");
    await().atMost(WAIT).until(() -> list().getInteger("count") == 2);
    var letters = list().getJsonArray("dead_letters");
    var poisonLetter = letterOf(letters, poison);
    var hopelessLetter = letterOf(letters, hopeless);
    assertThat(poisonLetter.getString("handler")).isEqualTo("feeds-project-created");
    assertThat(poisonLetter.getString("reason")).contains("value too long for column content");

    assertThat(run("replay", poisonLetter.getString("id"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay_failed");
    assertThat(list().getInteger("count")).isEqualTo(2);

    readModel.get().fix("#poison");
    out.reset();
    assertThat(run("replay", poisonLetter.getString("id"))).isZero();
    assertThat(readModel.get().post(poison)).isPresent();
    assertThat(readModel.get().changes(poison)).isEqualTo(1);

    out.reset();
    assertThat(run("drop", hopelessLetter.getString("id"))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("done");
    assertThat(readModel.get().post(hopeless)).isEmpty();

    var left = list();
    assertThat(left.getInteger("count")).isZero();
    assertThat(left.getJsonArray("dead_letters")).isEmpty();
    err.reset();
    assertThat(run("drop", hopelessLetter.getString("id"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not_found");
  }

  @Test
  void aWrongTokenIsRefusedAndAMissingOneIsReported() {
    var url = "http://127.0.0.1:" + server.port();
    assertThat(
            new CommandLine(new Main())
                .execute("dead-letters", "--url", url, "--admin-token", "wrong", "list"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unauthorized");
    assertThat(
            new CommandLine(new Main())
                .execute(
                    "dead-letters",
                    "list",
                    "--url",
                    url,
                    "--admin-token",
                    "cli-admin-token-0123456789abcdef"))
        .isZero(); // the options work after the subcommand too
  }

  /** What {@code dead-letters list} prints, parsed (the server's log lines share stdout). */
  private JsonObject list() {
    out.reset();
    assertThat(run("list")).isZero();
    var printed = out.toString(StandardCharsets.UTF_8);
    int start = printed.startsWith("{\n") ? 0 : printed.indexOf("\n{\n") + 1;
    int end = printed.indexOf("\n}", start);
    assertThat(end).as(printed).isPositive();
    return new JsonObject(printed.substring(start, end + 2));
  }

  private static JsonObject letterOf(JsonArray letters, String postId) {
    for (int i = 0; i < letters.size(); i++) {
      var letter = letters.getJsonObject(i);
      if (letter.getString("payload").contains(postId)) {
        return letter;
      }
    }
    throw new AssertionError("no dead letter of post " + postId + " in " + letters);
  }

  private String createPost(String title, String content) throws Exception {
    var body = new JsonObject().put("title", title).put("content", content).encode();
    var response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/posts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private int run(String... args) {
    var url = "http://127.0.0.1:" + server.port();
    var command = new String[args.length + 5];
    command[0] = "dead-letters";
    command[1] = "--url";
    command[2] = url;
    command[3] = "--admin-token";
    command[4] = "cli-admin-token-0123456789abcdef";
    System.arraycopy(args, 0, command, 5, args.length);
    return new CommandLine(new Main()).execute(command);
  }
}
