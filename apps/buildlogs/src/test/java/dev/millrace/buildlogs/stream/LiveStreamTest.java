package dev.millrace.buildlogs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.RecordingSseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection carries the builds list, a build and several logs, each resumable. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveStreamTest {

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
  void carriesTheBuildListABuildAndTwoLogsOnOneConnection() {
    var runner = new Runner(server, "acme", "multi");
    runner.createBuild(List.of("a", "b"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 3, "a");
    runner.appendRange(1, 2, 1, 2, "b");

    var url =
        server.url("/api/v1/live?builds&build=acme/multi/1&log=acme/multi/1/1&log=acme/multi/1/2");
    try (var stream = RecordingSseClient.open(server.client(), url)) {
      assertThat(stream.status()).isEqualTo(200);
      var first = new ArrayList<RecordingSseClient.Event>();
      for (int i = 0; i < 7; i++) {
        first.add(stream.next());
      }
      assertThat(first)
          .extracting(RecordingSseClient.Event::name)
          .containsExactlyInAnyOrder("builds", "build", "line", "line", "line", "line", "line");
      var build = first.stream().filter(e -> "build".equals(e.name())).findFirst().orElseThrow();
      assertThat(build.id()).as("snapshots carry no id").isNull();
      assertThat(Json.parse(build.data()).get("number").asInt()).isEqualTo(1);
      assertThat(lines(first, "acme/multi/1/1")).containsExactly("a1", "a2", "a3");
      assertThat(lines(first, "acme/multi/1/2")).containsExactly("b1", "b2");

      runner.appendRange(1, 2, 3, 3, "b");
      var next = stream.next();
      assertThat(next.name()).isEqualTo("line");
      assertThat(next.id()).isEqualTo("3");
      assertThat(Json.parse(next.data()).get("log").asText()).isEqualTo("acme/multi/1/2");
      assertThat(Json.parse(next.data()).get("text").asText()).isEqualTo("b3");
    }
  }

  @Test
  void resumesEachLogFromItsOwnCursor() {
    var runner = new Runner(server, "acme", "cursors");
    runner.createBuild(List.of("a", "b"), List.of());
    runner.appendRange(1, 1, 1, 10, "a");
    runner.appendRange(1, 2, 1, 10, "b");
    var url =
        server.url(
            "/api/v1/live?log=acme/cursors/1/1&log=acme/cursors/1/2"
                + "&lastEventId=acme/cursors/1/1:8,acme/cursors/1/2:9");
    try (var stream = RecordingSseClient.open(server.client(), url)) {
      var events = new ArrayList<RecordingSseClient.Event>();
      for (int i = 0; i < 3; i++) {
        events.add(stream.next());
      }
      assertThat(lines(events, "acme/cursors/1/1")).containsExactly("a9", "a10");
      assertThat(lines(events, "acme/cursors/1/2")).containsExactly("b10");
    }
  }

  @Test
  void startsALongLogAtItsTailAndEndsAFinishedOne() {
    var runner = new Runner(server, "acme", "tail");
    runner.createBuild(List.of("long"), List.of());
    runner.appendRange(1, 1, 1, 2000, "x");
    runner.setStatus(1, 1, "failure");
    try (var stream =
        RecordingSseClient.open(server.client(), server.url("/api/v1/live?log=acme/tail/1/1"))) {
      var first = stream.next();
      assertThat(first.id()).isEqualTo(Integer.toString(2000 - LiveStream.TAIL + 1));
      RecordingSseClient.Event event = first;
      int count = 1;
      while (!"end".equals(event.name())) {
        event = stream.next();
        count++;
      }
      assertThat(count).isEqualTo(LiveStream.TAIL + 1);
      assertThat(Json.parse(event.data()).get("status").asText()).isEqualTo("failure");
      assertThat(Json.parse(event.data()).get("log").asText()).isEqualTo("acme/tail/1/1");
      assertThat(stream.next()).as("the only part ended: the stream closes").isNull();
    }
  }

  @Test
  void aPrivateRepositoryIsUnknownToAStranger() {
    var runner = new Runner(server, "acme", "hidden-live");
    runner.createBuild(List.of("a"), List.of());
    runner.makePrivate();
    try (var stream =
        RecordingSseClient.open(
            server.client(), server.url("/api/v1/live?builds&log=acme/hidden-live/1/1"))) {
      assertThat(stream.status()).isEqualTo(404);
      assertThat(stream.body()).contains("no repository acme/hidden-live");
    }
    try (var stream =
        RecordingSseClient.open(
            server.client(),
            server.url("/api/v1/live?log=acme/hidden-live/1/1"),
            "Authorization",
            "Bearer " + TestServer.VIEWER_TOKEN)) {
      assertThat(stream.status()).isEqualTo(200);
    }
  }

  @Test
  void refusesAStreamOfNothing() {
    try (var stream = RecordingSseClient.open(server.client(), server.url("/api/v1/live"))) {
      assertThat(stream.status()).isEqualTo(400);
    }
    var runner = new Runner(server, "acme", "bad-cursor");
    runner.createBuild(List.of("a"), List.of());
    try (var stream =
        RecordingSseClient.open(
            server.client(),
            server.url("/api/v1/live?log=acme/bad-cursor/1/1&lastEventId=acme/bad-cursor/1/1:x"))) {
      assertThat(stream.status()).isEqualTo(400);
      assertThat(stream.body()).contains("lastEventId must be");
    }
  }

  private static List<String> lines(List<RecordingSseClient.Event> events, String log) {
    return events.stream()
        .filter(e -> "line".equals(e.name()))
        .map(e -> Json.parse(e.data()))
        .filter(data -> data.get("log").asText().equals(log))
        .map(data -> data.get("text").asText())
        .toList();
  }
}
