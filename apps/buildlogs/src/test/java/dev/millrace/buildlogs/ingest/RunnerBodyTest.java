package dev.millrace.buildlogs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A runner call without a valid token is refused before its body is read: the client announces 6
 * MiB, sends 64 KiB, and must get the answer while the rest is still unsent.
 */
class RunnerBodyTest {

  static final long ANNOUNCED = 6L * 1024 * 1024;
  static final int SENT = 64 * 1024;

  static TestServer server;
  static Runner runner;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    runner = new Runner(server, "acme", "body");
    runner.createBuild(List.of("compile"), List.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aHugeLogBatchWithoutATokenIsRefusedBeforeItsBodyIsRead() throws IOException {
    var answer = partialPost("POST", runner.stepPath(1, 1) + "/logs", null);
    assertThat(answer.status).isEqualTo(401);
    assertThat(Json.parse(answer.body).get("error").asText()).isEqualTo("unauthorized");
    assertThat(answer.closedAfter).as("the server closes instead of reading the rest").isTrue();
  }

  @Test
  void everyRunnerRouteChecksTheTokenFirst() throws IOException {
    var wrong = "Bearer not-the-runner-token";
    assertThat(partialPost("POST", runner.stepPath(1, 1) + "/logs", wrong).status).isEqualTo(403);
    assertThat(partialPost("PATCH", runner.stepPath(1, 1), null).status).isEqualTo(401);
    assertThat(partialPost("POST", runner.repoPath() + "/builds", null).status).isEqualTo(401);
    assertThat(partialPost("PUT", runner.repoPath(), wrong).status).isEqualTo(403);
  }

  record Answer(int status, String body, boolean closedAfter) {}

  /** Sends the head and the first {@link #SENT} bytes of an {@link #ANNOUNCED}-byte body. */
  private static Answer partialPost(String method, String path, String authorization)
      throws IOException {
    var url = URI.create(server.url(path));
    try (var socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(15_000);
      var head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + url.getHost()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + ANNOUNCED
              + "\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "\r\n";
      var out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      var chunk = new byte[SENT];
      Arrays.fill(chunk, (byte) ' ');
      out.write(chunk);
      out.flush();
      // the rest (ANNOUNCED - SENT bytes) is never sent: an answer proves the body was not awaited
      var in = socket.getInputStream();
      var headers = readHead(in);
      int status = Integer.parseInt(headers.substring(9, 12));
      int length = contentLength(headers);
      var body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      boolean closed;
      try {
        closed = in.read() == -1;
      } catch (IOException reset) {
        closed = true;
      }
      return new Answer(status, body, closed);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the answer: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (var line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    throw new IllegalStateException("no Content-Length in " + head);
  }
}
