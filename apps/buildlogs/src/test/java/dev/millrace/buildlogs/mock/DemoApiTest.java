package dev.millrace.buildlogs.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo API exists only with the mock runner on, and its cap holds under concurrent calls. */
class DemoApiTest {

  static final int CONCURRENT = 40;

  @Test
  void theDemoApiIsNotMountedWhileTheMockRunnerIsOff() {
    try (var server = TestServer.start()) {
      var answer = server.send("POST", "/api/demo/builds", "{}");
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(server.app().mockRunner().running()).isZero();
      assertThat(server.send("GET", "/api/v1/repos/demo/widgets/builds", null).statusCode())
          .as("no mock build was created")
          .isEqualTo(404);
    }
  }

  @Test
  void manyConcurrentRequestsNeverRunMoreThanTheCap() throws Exception {
    try (var server = TestServer.start(TestDatabases.h2(), s -> s.withMockRunner(true))) {
      var requests = new ArrayList<CompletableFuture<HttpResponse<String>>>();
      for (int i = 0; i < CONCURRENT; i++) {
        var request =
            HttpRequest.newBuilder(URI.create(server.url("/api/demo/builds")))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"repo\":\"race\",\"linesPerSecond\":1}"))
                .build();
        requests.add(server.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      int accepted = 0;
      for (var future : requests) {
        var answer = future.get(90, TimeUnit.SECONDS);
        if (answer.statusCode() == 201) {
          accepted++;
        } else {
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
          assertThat(Json.parse(answer.body()).get("error").asText())
              .isEqualTo("too_many_mock_builds");
        }
      }
      assertThat(accepted).isBetween(1, MockRunner.MAX_RUNNING);
      assertThat(server.app().mockRunner().running()).isLessThanOrEqualTo(MockRunner.MAX_RUNNING);
      var builds =
          Json.parse(server.send("GET", "/api/v1/repos/demo/race/builds", null).body())
              .get("builds");
      assertThat(builds.size()).as("builds created").isEqualTo(accepted);
    }
  }
}
