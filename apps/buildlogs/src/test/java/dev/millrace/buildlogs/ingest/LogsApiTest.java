package dev.millrace.buildlogs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.RecordingSseClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Appending (idempotent, ordered, masked, capped) and reading logs over HTTP. */
class LogsApiTest {

  static final long CAP = 64 * 1024;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.h2(), s -> s.withStepLogCapBytes(CAP));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void reSentLinesAreStoredOnce() {
    var runner = new Runner(server, "acme", "idempotent");
    runner.createBuild(List.of("compile"), List.of());

    var first = runner.appendRange(1, 1, 1, 3, "line ");
    assertThat(first.get("accepted").asInt()).isEqualTo(3);
    var again = runner.appendRange(1, 1, 2, 5, "line ");
    assertThat(again.get("accepted").asInt()).isEqualTo(2);
    assertThat(again.get("duplicates").asInt()).isEqualTo(2);
    assertThat(again.get("lastLine").asInt()).isEqualTo(5);
    var replayed = runner.appendRange(1, 1, 1, 5, "changed ");
    assertThat(replayed.get("accepted").asInt()).isZero();

    assertThat(server.send("GET", runner.stepPath(1, 1) + "/logs", null).body())
        .isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
  }

  @Test
  void aGapIsRefusedWithTheExpectedLineNumber() {
    var runner = new Runner(server, "acme", "gaps");
    runner.createBuild(List.of("compile"), List.of());
    runner.appendRange(1, 1, 1, 2, "x");

    var gap = runner.append(1, 1, "{\"lines\":[{\"number\":5,\"text\":\"too far\"}]}");
    assertThat(gap.statusCode()).isEqualTo(409);
    var body = Json.parse(gap.body());
    assertThat(body.get("error").asText()).isEqualTo("line_gap");
    assertThat(body.get("expected").asInt()).isEqualTo(3);

    var invalid = runner.append(1, 1, "{\"lines\":[{\"number\":0,\"text\":\"zero\"}]}");
    assertThat(invalid.statusCode()).isEqualTo(400);
  }

  @Test
  void registeredSecretsAreMaskedBeforeStoringAndStreaming() {
    var runner = new Runner(server, "acme", "masking");
    runner.createBuild(List.of("deploy"), List.of("hunter2-password", "multi\nline-secret"));
    var lines =
        "{\"lines\":[{\"number\":1,\"text\":\"login with hunter2-password now\"},"
            + "{\"number\":2,\"text\":\"\\u001b[31mhunter2-password\\u001b[0m and line-secret\"}]}";
    assertThat(runner.append(1, 1, lines).statusCode()).isEqualTo(200);

    var text = server.send("GET", runner.stepPath(1, 1) + "/logs", null).body();
    assertThat(text).doesNotContain("hunter2").doesNotContain("line-secret");
    assertThat(text).isEqualTo("login with *** now\n\u001b[31m***\u001b[0m and ***\n");
    try (var stream =
        RecordingSseClient.open(
            server.client(), server.url(runner.stepPath(1, 1) + "/logs/events"))) {
      assertThat(stream.next().data()).contains("login with *** now").doesNotContain("hunter2");
    }

    var tooShort =
        server.runner(
            "POST",
            runner.repoPath() + "/builds",
            "{\"steps\":[{\"name\":\"a\"}],\"secrets\":[\"ab\"]}");
    assertThat(tooShort.statusCode()).isEqualTo(400);
  }

  @Test
  void theStepSizeCapStoresAMarkerRefusesLaterLinesAndTheStepGoesOn() {
    var runner = new Runner(server, "acme", "capped");
    runner.createBuild(List.of("noisy"), List.of());
    var kilobyte = "k".repeat(15_000);
    var batch = new StringBuilder("{\"lines\":[");
    for (int n = 1; n <= 6; n++) {
      batch
          .append(n > 1 ? "," : "")
          .append("{\"number\":")
          .append(n)
          .append(",\"text\":\"")
          .append(kilobyte)
          .append("\"}");
    }
    var capped = runner.append(1, 1, batch.append("]}").toString());

    assertThat(capped.statusCode()).isEqualTo(413);
    var body = Json.parse(capped.body());
    assertThat(body.get("error").asText()).isEqualTo("log_size_cap_reached");
    assertThat(body.get("accepted").asInt()).isEqualTo(4);
    assertThat(body.get("refused").asInt()).isEqualTo(2);
    assertThat(body.get("message").asText()).contains("64 KiB");

    var later = runner.append(1, 1, "{\"lines\":[{\"number\":7,\"text\":\"more\"}]}");
    assertThat(later.statusCode()).isEqualTo(413);
    var page = Json.parse(server.send("GET", runner.stepPath(1, 1) + "/logs?from=3", null).body());
    assertThat(page.get("lines")).hasSize(2);
    assertThat(page.get("lines").get(1).get("number").asInt()).isEqualTo(5);
    assertThat(page.get("lines").get(1).get("text").asText()).contains("log truncated", "64 KiB");

    assertThat(runner.setStatus(1, 1, "success").get("status").asText()).isEqualTo("success");
    var build = Json.parse(server.send("GET", runner.repoPath() + "/builds/1", null).body());
    assertThat(build.get("steps").get(0).get("truncated").asBoolean()).isTrue();
  }

  @Test
  void aLineLongerThan64KiBIsCutAndMarked() {
    var runner = new Runner(server, "acme", "long-line");
    runner.createBuild(List.of("a"), List.of());
    var big = "é".repeat(40_000); // 80,000 bytes of UTF-8
    var response = runner.append(1, 1, "{\"lines\":[{\"number\":1,\"text\":\"" + big + "\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    var stored = server.send("GET", runner.stepPath(1, 1) + "/logs", null).body();
    assertThat(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(LineLimits.MAX_LINE_BYTES + 1);
    assertThat(stored)
        .startsWith("éé")
        .endsWith("[line truncated at 64 KiB]\u001b[0m\n")
        .doesNotContain("\uFFFD");
  }

  @Test
  void aFinishedStepTakesNoMoreLines() {
    var runner = new Runner(server, "acme", "finished");
    runner.createBuild(List.of("a"), List.of());
    runner.appendRange(1, 1, 1, 1, "x");
    runner.setStatus(1, 1, "success");
    var late = runner.append(1, 1, "{\"lines\":[{\"number\":2,\"text\":\"late\"}]}");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(Json.parse(late.body()).get("error").asText()).isEqualTo("step_finished");
    assertThat(runner.appendRange(1, 1, 1, 1, "x").get("duplicates").asInt()).isEqualTo(1);
  }

  @Test
  void theStoredLogReadsAsTextOrAsJsonPages() {
    var runner = new Runner(server, "acme", "reading");
    runner.createBuild(List.of("a"), List.of());
    runner.appendRange(1, 1, 1, 2500, "row ");

    var text = server.send("GET", runner.stepPath(1, 1) + "/logs", null);
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(text.body().lines()).hasSize(2500).startsWith("row 1").endsWith("row 2500");

    var page =
        Json.parse(server.send("GET", runner.stepPath(1, 1) + "/logs?from=2490", null).body());
    assertThat(page.get("lines")).hasSize(10);
    assertThat(page.get("next").asInt()).isEqualTo(2500);
    assertThat(page.get("complete").asBoolean()).isFalse();
    assertThat(server.send("GET", runner.stepPath(1, 1) + "/logs?from=-1", null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void aFinishedStepStreamsWhatIsLeftThenEndsThenAnswers204() {
    var runner = new Runner(server, "acme", "ending");
    runner.createBuild(List.of("a"), List.of());
    runner.appendRange(1, 1, 1, 5, "l");
    runner.setStatus(1, 1, "failure");
    var url = server.url(runner.stepPath(1, 1) + "/logs/events");

    try (var stream = RecordingSseClient.open(server.client(), url, "Last-Event-ID", "3")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
      assertThat(stream.next().id()).isEqualTo("4");
      assertThat(stream.next().id()).isEqualTo("5");
      var end = stream.next();
      assertThat(end.name()).isEqualTo("end");
      assertThat(Json.parse(end.data()).get("status").asText()).isEqualTo("failure");
      assertThat(stream.next()).isNull();
    }
    try (var stream = RecordingSseClient.open(server.client(), url, "Last-Event-ID", "5")) {
      assertThat(stream.status()).isEqualTo(204);
    }
  }
}
