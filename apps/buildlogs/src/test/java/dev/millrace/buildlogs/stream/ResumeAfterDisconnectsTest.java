package dev.millrace.buildlogs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.RecordingSseClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A step of 100,000 lines is written while a client reads it, disconnects and reconnects with
 * {@code Last-Event-ID} several times: the client ends with every line exactly once, in order.
 */
@Tag("slow")
class ResumeAfterDisconnectsTest {

  static final int LINES = 100_000;
  static final int BATCH = 5_000;
  static final int[] READ_BEFORE_DISCONNECT = {7_000, 1, 23_000, 500, 31_000};

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyLineArrivesExactlyOnceInOrderAcrossReconnects() throws Exception {
    try (var server = TestServer.start()) {
      var runner = new Runner(server, "acme", "huge");
      runner.createBuild(List.of("stress"), List.of());
      runner.setStatus(1, 1, "running");
      var writer = CompletableFuture.runAsync(() -> write(runner));
      var url = server.url(runner.stepPath(1, 1) + "/logs/events");

      int last = 0;
      int connections = 0;
      boolean ended = false;
      while (!ended) {
        var headers =
            last == 0 ? new String[0] : new String[] {"Last-Event-ID", Integer.toString(last)};
        int budget =
            connections < READ_BEFORE_DISCONNECT.length
                ? READ_BEFORE_DISCONNECT[connections]
                : Integer.MAX_VALUE;
        connections++;
        try (var stream = RecordingSseClient.open(server.client(), url, headers)) {
          assertThat(stream.status()).isEqualTo(200);
          for (int read = 0; read < budget; read++) {
            var event = stream.next();
            assertThat(event).as("stream closed after line %d", last).isNotNull();
            if ("end".equals(event.name())) {
              assertThat(Json.parse(event.data()).get("lines").asInt()).isEqualTo(LINES);
              ended = true;
              break;
            }
            int n = Integer.parseInt(event.id());
            assertThat(n).as("line after %d", last).isEqualTo(last + 1);
            var line = Json.parse(event.data());
            assertThat(line.get("n").asInt()).isEqualTo(n);
            assertThat(line.get("text").asText()).isEqualTo(text(n));
            last = n;
          }
        }
      }
      writer.get(60, TimeUnit.SECONDS);

      assertThat(last).isEqualTo(LINES);
      assertThat(connections).isGreaterThan(READ_BEFORE_DISCONNECT.length);
      try (var stream =
          RecordingSseClient.open(server.client(), url, "Last-Event-ID", Integer.toString(LINES))) {
        assertThat(stream.status()).as("a finished, fully read step").isEqualTo(204);
      }
    }
  }

  private static void write(Runner runner) {
    for (int from = 1; from <= LINES; from += BATCH) {
      int to = Math.min(LINES, from + BATCH - 1);
      var body =
          IntStream.rangeClosed(from, to)
              .mapToObj(n -> "{\"number\":" + n + ",\"text\":" + Json.quote(text(n)) + "}")
              .collect(Collectors.joining(",", "{\"lines\":[", "]}"));
      var response = runner.append(1, 1, body);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      if (from % 20_000 == 1) {
        // the runner re-sends a batch, as after a timeout: nothing is stored twice
        assertThat(runner.append(1, 1, body).statusCode()).isEqualTo(200);
      }
    }
    runner.setStatus(1, 1, "success");
  }

  static String text(int n) {
    return "\u001b[32mline\u001b[0m " + n + (n % 1000 == 0 ? " \r progress " + n / 1000 + "%" : "");
  }
}
