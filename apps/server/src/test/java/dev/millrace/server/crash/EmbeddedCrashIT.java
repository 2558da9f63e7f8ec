package dev.millrace.server.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.server.cluster.LiveClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default keeps its promise through crashes: the server jar runs in its own JVM on a
 * temp data dir, posts are created one by one (by a few writers at once) while a live stream
 * watches, and the JVM is killed with SIGKILL in the middle of the writes, three times at different
 * moments. After the last restart every post that was answered 201 is in the read model, counted by
 * the live feed list of a viewer that stayed connected (reconnecting through every crash), and the
 * newest is on a live feed stream opened after the restart. Every restart uses the same port, as a
 * real restart would.
 */
@Tag("slow")
class EmbeddedCrashIT {

  private static final int KILLS = 3;
  private static final int WRITERS = 6; // each posts one by one; together they keep the bus busy
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String tag = "crash" + Long.toHexString(new SplittableRandom().nextLong() >>> 8);
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> lastAcknowledged = new AtomicReference<>();

  @Test
  void everyAcknowledgedPostReachesTheReadModelAndLiveViewersAfterSigkills() throws Exception {
    Path data = work.resolve("data");
    Path log = work.resolve("server.log");
    int port = ServerProcess.freePort();
    var random = new SplittableRandom();
    LiveClient viewer = null;
    try {
      for (int round = 1; round <= KILLS; round++) {
        try (var server = ServerProcess.start(data, port, log, PATIENCE)) {
          if (viewer == null) {
            viewer = new LiveClient(server.uri("/api/feeds")); // reconnects after each crash
          }
          int before = acknowledged.size();
          int killAfter = before + 50 + random.nextInt(100 * round); // a new moment every round
          var failure = new AtomicReference<Throwable>();
          List<Thread> writers = new ArrayList<>();
          for (int w = 0; w < WRITERS; w++) {
            writers.add(Thread.ofPlatform().start(() -> writeUntilRefused(server, failure)));
          }
          await()
              .atMost(PATIENCE)
              .until(() -> acknowledged.size() >= killAfter || failure.get() != null);
          server.kill(); // from this thread, while the writers keep posting
          for (Thread writer : writers) {
            assertThat(writer.join(PATIENCE)).isTrue();
          }
          assertThat(failure.get()).as("writer failure").isNull();
          assertThat(acknowledged.size()).isGreaterThanOrEqualTo(killAfter);
          System.out.printf(
              "crash %d: SIGKILL after %d acknowledged posts (%d in all)%n",
              round, acknowledged.size() - before, acknowledged.size());
        }
      }

      try (var server = ServerProcess.start(data, port, log, PATIENCE);
          var feed = new LiveClient(server.uri("/api/feeds/" + tag))) {
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(readModelIds(server)).containsAll(acknowledged));
        int stored = readModelIds(server).size();
        System.out.printf("read model: %d posts, %d acknowledged%n", stored, acknowledged.size());
        var resumed = viewer;
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(countShown(resumed.latest())).isEqualTo(stored));
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(feed.latest()).contains(lastAcknowledged.get()));
      }
    } catch (AssertionError | Exception e) {
      System.err.println("server log:\n" + (Files.exists(log) ? Files.readString(log) : "none"));
      throw e;
    } finally {
      if (viewer != null) {
        viewer.close();
      }
    }
  }

  /** Creates posts one by one until the server stops answering; records each 201. Thread-safe. */
  private void writeUntilRefused(ServerProcess server, AtomicReference<Throwable> failure) {
    for (int i = 0; ; i++) {
      var body =
          "{\"title\":\"crash "
              + i
              + "\",\"content\":\"post "
              + i
              + " #"
              + tag
              + "\",\"author\":\"Crash\"}";
      HttpResponse<String> response;
      try {
        response =
            http.send(
                HttpRequest.newBuilder(server.uri("/api/posts"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException refused) {
        return; // killed: the post in flight was never acknowledged
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (response.statusCode() != 201) {
          throw new AssertionError(
              "POST answered " + response.statusCode() + ": " + response.body());
        }
        var id = JSON.readTree(response.body()).path("id").asText();
        acknowledged.add(id);
        lastAcknowledged.set(id);
      } catch (Throwable e) {
        failure.set(e);
        return;
      }
    }
  }

  /** Every post of the test's feed in the read model, paging through the JSON API. */
  private Set<String> readModelIds(ServerProcess server) throws Exception {
    Set<String> ids = new HashSet<>();
    String before = "";
    while (before != null) {
      var path = "/api/feeds/" + tag + "?limit=200" + (before.isEmpty() ? "" : "&before=" + before);
      var response =
          http.send(
              HttpRequest.newBuilder(server.uri(path))
                  .timeout(Duration.ofSeconds(10))
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return ids; // the feed does not exist yet
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = JSON.readTree(response.body());
      page.path("posts").forEach(post -> ids.add(post.path("id").asText()));
      before = page.path("older").isTextual() ? page.path("older").asText() : null;
    }
    return ids;
  }

  /** The number of posts of the test's feed in a feed-list event, or -1 when not shown. */
  private int countShown(String event) {
    var matcher =
        Pattern.compile("\"name\":\"" + tag + "\",\"posts\":(\\d+)")
            .matcher(event == null ? "" : event);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }
}
