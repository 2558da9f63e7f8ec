package dev.millrace.buildlogs.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.testing.TestServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mock builds run through the runner services: statuses, batches, masking, caps on concurrency. */
class MockRunnerTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.h2(), s -> s.withMockRunner(true));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aMockBuildRunsToCompletionWithItsSecretMasked() {
    var answer =
        server.send("POST", "/api/demo/builds", "{\"repo\":\"fast\",\"linesPerSecond\":2000}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(Json.parse(answer.body()).get("url").asText()).isEqualTo("/builds/demo/fast/1");

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Json.parse(server.send("GET", "/api/v1/repos/demo/fast/builds/1", null).body())
                    .get("status")
                    .asText()
                    .equals("success"));
    var clone = server.send("GET", "/api/v1/repos/demo/fast/builds/1/steps/1/logs", null).body();
    assertThat(clone).contains("Cloning into 'fast'", "Using deploy token ***");
    assertThat(clone).doesNotContain(MockOutput.DEMO_SECRET);
    var test = server.send("GET", "/api/v1/repos/demo/fast/builds/1/steps/3/logs", null).body();
    assertThat(test).contains("\u001b[32m", "Tests run:");
  }

  @Test
  void refusesMoreThanTheMaximumOfConcurrentMockBuilds() {
    try (var server = TestServer.start(TestDatabases.h2(), s -> s.withMockRunner(true))) {
      refuseBeyondMaximum(server);
    }
  }

  @Test
  void stoppingTheRunnerCancelsTheRunningStepAndSkipsTheRest() {
    try (var server = TestServer.start(TestDatabases.h2(), s -> s.withMockRunner(true))) {
      var answer =
          server.send("POST", "/api/demo/builds", "{\"repo\":\"stopped\",\"linesPerSecond\":5}");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
      var path = "/api/v1/repos/demo/stopped/builds/1";
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> build(server, path).get("status").asText().equals("running"));

      server.app().mockRunner().close();

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> build(server, path).get("status").asText().equals("cancelled"));
      var steps = build(server, path).get("steps");
      assertThat(steps.get(0).get("status").asText()).isEqualTo("cancelled");
      for (int i = 1; i < steps.size(); i++) {
        assertThat(steps.get(i).get("status").asText()).isEqualTo("skipped");
      }
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode build(TestServer server, String path) {
    return Json.parse(server.send("GET", path, null).body());
  }

  private static void refuseBeyondMaximum(TestServer server) {
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < MockRunner.MAX_RUNNING + 2; i++) {
      var answer =
          server.send("POST", "/api/demo/builds", "{\"repo\":\"slow\",\"linesPerSecond\":1}");
      if (answer.statusCode() == 201) {
        accepted++;
      } else {
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(Json.parse(answer.body()).get("error").asText())
            .isEqualTo("too_many_mock_builds");
        refused++;
      }
    }
    assertThat(accepted).isLessThanOrEqualTo(MockRunner.MAX_RUNNING);
    assertThat(refused).isGreaterThanOrEqualTo(2);
  }
}
