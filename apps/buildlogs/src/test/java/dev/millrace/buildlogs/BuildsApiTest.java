package dev.millrace.buildlogs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuildsApiTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createsABuildWithPendingNumberedSteps() {
    var runner = new Runner(server, "acme", "create");
    var build = runner.createBuild(List.of("compile", "test"), List.of());

    assertThat(build.get("number").asInt()).isEqualTo(1);
    assertThat(build.get("status").asText()).isEqualTo("pending");
    assertThat(build.get("steps")).hasSize(2);
    assertThat(build.get("steps").get(0).get("number").asInt()).isEqualTo(1);
    assertThat(build.get("steps").get(0).get("name").asText()).isEqualTo("compile");
    assertThat(build.get("steps").get(1).get("status").asText()).isEqualTo("pending");
    assertThat(runner.createBuild(List.of("x"), List.of()).get("number").asInt()).isEqualTo(2);

    var listed = Json.parse(server.send("GET", runner.repoPath() + "/builds", null).body());
    assertThat(listed.get("builds")).extracting(b -> b.get("number").asInt()).containsExactly(2, 1);
    var one = server.send("GET", runner.repoPath() + "/builds/1", null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Json.parse(one.body()).get("steps")).hasSize(2);
  }

  @Test
  void stepStatusesDriveTheBuildStatus() {
    var runner = new Runner(server, "acme", "statuses");
    runner.createBuild(List.of("a", "b"), List.of());

    assertThat(runner.setStatus(1, 1, "running").get("status").asText()).isEqualTo("running");
    assertThat(runner.setStatus(1, 1, "running").get("status").asText()).isEqualTo("running");
    assertThat(runner.setStatus(1, 1, "success").get("status").asText()).isEqualTo("running");
    var done = runner.setStatus(1, 2, "failure");
    assertThat(done.get("status").asText()).isEqualTo("failure");
    assertThat(done.get("finishedAt").asText()).isNotBlank();

    var again = server.runner("PATCH", runner.stepPath(1, 1), "{\"status\":\"running\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(Json.parse(again.body()).get("error").asText()).isEqualTo("step_finished");
    var bad = server.runner("PATCH", runner.stepPath(1, 2), "{\"status\":\"exploded\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void errorsAreJson() {
    var missing = server.send("GET", "/api/v1/repos/acme/nothing/builds/1", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Json.parse(missing.body()).get("error").asText()).isEqualTo("not_found");

    var malformed = server.runner("POST", "/api/v1/repos/acme/json/builds", "{not json");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Json.parse(malformed.body()).get("error").asText()).isEqualTo("bad_request");

    var noSteps = server.runner("POST", "/api/v1/repos/acme/json/builds", "{\"steps\":[]}");
    assertThat(noSteps.statusCode()).isEqualTo(400);
    var badSlug =
        server.runner("POST", "/api/v1/repos/acme/..%2Fx/builds", "{\"steps\":[{\"name\":\"a\"}]}");
    assertThat(badSlug.statusCode()).isIn(400, 404);
  }
}
