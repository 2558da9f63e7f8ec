package dev.millrace.server.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a server process started by a test answers its {@code /healthz} with 200. */
public final class HealthWait {

  /** What a test checks on each answer before taking it as its server's, e.g. the node id. */
  public interface AnswerCheck {
    void check(HttpResponse<String> answer);
  }

  private HealthWait() {}

  /**
   * Polls {@code healthz} every 100 ms until it answers 200; fails when {@code process} exits, when
   * {@code check} throws on an answer, or after {@code patience}.
   */
  public static void until200(URI healthz, Process process, Duration patience, AnswerCheck check)
      throws Exception {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue());
      }
      try {
        var answer =
            client.send(
                HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        check.check(answer);
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server was not healthy within " + patience);
  }
}
