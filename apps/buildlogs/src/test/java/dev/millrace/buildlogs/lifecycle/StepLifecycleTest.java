package dev.millrace.buildlogs.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.RecordingSseClient;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancelled and skipped steps, silent steps timed out, mock builds closed after a crash. */
class StepLifecycleTest {

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
  void aRunnerCancelsAndSkipsSteps() {
    var runner = new Runner(server, "acme", "cancel");
    runner.createBuild(List.of("compile", "test", "deploy"), List.of());
    runner.setStatus(1, 1, "success");
    runner.setStatus(1, 2, "running");
    var skip = server.runner("PATCH", runner.stepPath(1, 3), "{\"status\":\"skipped\"}");
    assertThat(skip.statusCode()).as(skip.body()).isEqualTo(200);
    var cancelled = runner.setStatus(1, 2, "cancelled");
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("finishedAt").isNull()).isFalse();
    var steps = cancelled.get("steps");
    assertThat(steps.get(1).get("status").asText()).isEqualTo("cancelled");
    assertThat(steps.get(2).get("status").asText()).isEqualTo("skipped");
    assertThat(steps.get(2).has("startedAt")).as("a skipped step never started").isFalse();

    var again = server.runner("PATCH", runner.stepPath(1, 2), "{\"status\":\"running\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    try (var log =
        RecordingSseClient.open(
            server.client(), server.url(runner.stepPath(1, 2) + "/logs/events"))) {
      var end = log.next();
      assertThat(end.name()).isEqualTo("end");
      assertThat(end.json().get("status").asText()).isEqualTo("cancelled");
    }
  }

  @Test
  void aStartedStepCannotBeSkipped() {
    var runner = new Runner(server, "acme", "no-skip");
    runner.createBuild(List.of("a"), List.of());
    runner.setStatus(1, 1, "running");
    var skip = server.runner("PATCH", runner.stepPath(1, 1), "{\"status\":\"skipped\"}");
    assertThat(skip.statusCode()).isEqualTo(409);
    assertThat(Json.parse(skip.body()).get("error").asText()).isEqualTo("invalid_transition");
  }

  @Test
  void aSilentRunningStepTimesOutWithAMarkerLine() {
    var runner = new Runner(server, "acme", "silent");
    runner.createBuild(List.of("hangs", "later"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 3, "working ");
    var timeouts = server.app().stepTimeouts();
    long now = System.currentTimeMillis();
    assertThat(timeouts.sweep(now)).as("it spoke just now").isZero();

    try (var stream =
        RecordingSseClient.open(
            server.client(),
            server.url(runner.stepPath(1, 1) + "/logs/events"),
            "Last-Event-ID",
            "3")) {
      long later = now + timeouts.timeout().toMillis() + 1_000;
      assertThat(timeouts.sweep(later)).isPositive();
      var marker = stream.next();
      assertThat(marker.id()).isEqualTo("4");
      assertThat(marker.json().get("text").asText())
          .contains("Step timed out: no word from its runner for 10 min");
      var end = stream.next();
      assertThat(end.name()).isEqualTo("end");
      assertThat(end.json().get("status").asText()).isEqualTo("failure");
      assertThat(timeouts.sweep(later)).as("once").isZero();
    }
    var build = Json.parse(server.send("GET", runner.repoPath() + "/builds/1", null).body());
    assertThat(build.get("steps").get(0).get("status").asText()).isEqualTo("failure");
    assertThat(build.get("steps").get(0).get("reason").asText()).isEqualTo("timed_out");
    assertThat(build.get("steps").get(1).get("status").asText()).isEqualTo("pending");
  }

  @Test
  void closesTheMockBuildsThisNodeLeftRunning() throws SQLException {
    var runner = new Runner(server, "demo", "crashed");
    runner.createBuild(List.of("compile", "test"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 2, "compiling ");
    var other = new Runner(server, "demo", "elsewhere");
    other.createBuild(List.of("compile"), List.of());
    other.setStatus(1, 1, "running");
    try (var c = server.dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "UPDATE bl_build SET mock_node = ? WHERE repo_id = (SELECT id FROM bl_repo"
                    + " WHERE org = 'demo' AND name = ?)")) {
      ps.setString(1, "node-7");
      ps.setString(2, "crashed");
      ps.executeUpdate();
      ps.setString(1, "node-8");
      ps.setString(2, "elsewhere");
      ps.executeUpdate();
    }

    assertThat(server.app().stepTimeouts().closeAbandonedMockSteps("node-7")).isEqualTo(2);

    var build = Json.parse(server.send("GET", runner.repoPath() + "/builds/1", null).body());
    assertThat(build.get("status").asText()).isEqualTo("failure");
    assertThat(build.get("steps").get(0).get("reason").asText()).isEqualTo("runner_lost");
    assertThat(build.get("steps").get(1).get("status").asText()).isEqualTo("skipped");
    var log = server.send("GET", runner.stepPath(1, 1) + "/logs?ansi=strip", null).body();
    assertThat(log).endsWith("The mock runner stopped before this step finished\n");
    var untouched = Json.parse(server.send("GET", other.repoPath() + "/builds/1", null).body());
    assertThat(untouched.get("status").asText()).as("another node's build").isEqualTo("running");
  }
}
