package dev.millrace.buildlogs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are parsed within explicit JSON limits ({@link dev.millrace.buildlogs.web.Json}):
 * a body beyond one is a 400 that names the limits, and nothing of it is stored.
 */
class JsonLimitsTest {

  static TestServer server;
  static Runner runner;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    runner = new Runner(server, "acme", "limits");
    runner.createBuild(List.of("compile", "test"), List.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aNumberLongerThanTheLimitIs400AndStoresNothing() {
    var digits = "1".repeat(dev.millrace.buildlogs.web.Json.MAX_NUMBER_CHARS + 1);

    var answer = runner.append(1, 1, "{\"lines\":[{\"number\":" + digits + ",\"text\":\"x\"}]}");

    assertBeyondALimit(answer);
    assertThat(storedLines(1)).isZero();
  }

  @Test
  void aFieldNameLongerThanTheLimitIs400() {
    var name = "n".repeat(dev.millrace.buildlogs.web.Json.MAX_NAME_CHARS + 1);

    assertBeyondALimit(
        server.runner("POST", runner.repoPath() + "/builds", "{\"" + name + "\":1}"));
    assertBeyondALimit(
        server.send("POST", "/api/v1/viewer-session", "{\"" + name + "\":\"token\"}"));
  }

  @Test
  void aLongLineWithinTheBodyLimitIsCutNotRefused() {
    var text = "x".repeat(200 * 1024);

    var answer = runner.append(1, 2, "{\"lines\":[{\"number\":1,\"text\":\"" + text + "\"}]}");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(storedLines(2)).isEqualTo(1);
  }

  private static void assertBeyondALimit(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    var body = Json.parse(answer.body());
    assertThat(body.path("error").asText()).isEqualTo("bad_request");
    assertThat(body.path("message").asText()).contains("beyond a limit", "nesting at most 16");
  }

  private static int storedLines(int step) {
    var page = server.send("GET", runner.stepPath(1, step) + "/logs?from=0", null);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return Json.parse(page.body()).path("lines").size();
  }
}
