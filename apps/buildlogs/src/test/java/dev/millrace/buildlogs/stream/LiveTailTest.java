package dev.millrace.buildlogs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.db.Sql;
import dev.millrace.buildlogs.ingest.IncomingLine;
import dev.millrace.buildlogs.ingest.LogStore;
import dev.millrace.buildlogs.ingest.SecretMasker;
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

/** The live tail comes from SQL: notifications only wake it up. */
class LiveTailTest {

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
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void linesWhoseNotificationWasLostArriveWithTheNextOne() {
    var runner = new Runner(server, "acme", "lost");
    runner.createBuild(List.of("a"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 2, "announced ");

    try (var stream =
        RecordingSseClient.open(
            server.client(), server.url(runner.stepPath(1, 1) + "/logs/events"))) {
      assertThat(ids(stream, 2)).containsExactly("1", "2");

      // lines stored without any notification, as when a node dies between commit and publish
      var logs = new LogStore(new Sql(server.dataSource()));
      var stepId = stepId(runner);
      logs.append(
          stepId,
          List.of(new IncomingLine(3, "silent 3"), new IncomingLine(4, "silent 4")),
          SecretMasker.NONE,
          1 << 20);
      runner.appendRange(1, 1, 5, 5, "announced ");

      var events = new ArrayList<RecordingSseClient.Event>();
      for (int i = 0; i < 3; i++) {
        events.add(stream.next());
      }
      assertThat(events).extracting(RecordingSseClient.Event::id).containsExactly("3", "4", "5");
      assertThat(Json.parse(events.get(0).data()).get("text").asText()).isEqualTo("silent 3");

      runner.setStatus(1, 1, "success");
      var end = stream.next();
      assertThat(end.name()).isEqualTo("end");
      assertThat(Json.parse(end.data()).get("lines").asInt()).isEqualTo(5);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void twoViewersOfOneStepSeeTheSameLinesInOrder() {
    var runner = new Runner(server, "acme", "shared");
    runner.createBuild(List.of("a"), List.of());
    var url = server.url(runner.stepPath(1, 1) + "/logs/events");
    try (var early = RecordingSseClient.open(server.client(), url)) {
      runner.appendRange(1, 1, 1, 50, "x");
      try (var late = RecordingSseClient.open(server.client(), url, "Last-Event-ID", "20")) {
        runner.appendRange(1, 1, 51, 100, "x");
        runner.setStatus(1, 1, "success");
        assertThat(ids(early, 100)).containsExactlyElementsOf(range(1, 100));
        assertThat(ids(late, 80)).containsExactlyElementsOf(range(21, 100));
        assertThat(early.next().name()).isEqualTo("end");
        assertThat(late.next().name()).isEqualTo("end");
      }
    }
  }

  private static long stepId(Runner runner) {
    try (var c = server.dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "SELECT s.id FROM bl_step s JOIN bl_build b ON b.id = s.build_id"
                    + " JOIN bl_repo r ON r.id = b.repo_id WHERE r.name = 'lost'")) {
      var rs = ps.executeQuery();
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> ids(RecordingSseClient stream, int count) {
    var ids = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      ids.add(stream.next().id());
    }
    return ids;
  }

  private static List<String> range(int from, int to) {
    var ids = new ArrayList<String>();
    for (int n = from; n <= to; n++) {
      ids.add(Integer.toString(n));
    }
    return ids;
  }
}
