package dev.millrace.server.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.millrace.server.crash.ResumingSubscriber.Event;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub on the embedded default keeps its promise through crashes: the server jar runs in its own
 * JVM with its history in the journal, publishers POST updates to the hub (each one at a time, half
 * of them with ids of their own, half with the hub's) while a subscriber follows the topic, and the
 * JVM is killed with SIGKILL in the middle of the publishes, three times at different moments,
 * restarting on the same data dir and port. After the last restart a subscriber from the earliest
 * update gets every update that was answered 200, exactly once, with its id and data, each
 * publisher's in the order they were acknowledged; an update in flight at a kill may be there or
 * not. The subscriber that stayed connected, resuming with its last id after each crash as
 * EventSource does, ends with exactly the same events.
 */
@Tag("slow")
class HubCrashIT {

  private static final int KILLS = 3;
  private static final int PUBLISHERS = 6;
  private static final int MAX_PADDING = 4_000; // big enough for a kill to cut a write short
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String KEY = "hub-crash-test-key-0123456789abcdef-0123456789";
  private static final String TOPIC = "urn:millrace:crash";
  private static final String TOPIC_PATH =
      "/.well-known/mercure?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8);
  private static final Map<String, String> HUB =
      Map.of("MILLRACE_HUB_PUBLISHER_JWT_KEY", KEY, "MILLRACE_HUB_ANONYMOUS", "true");

  /** An update a publisher sent: its data, and its id when the publisher chose one. */
  private record Sent(String data, String ownId) {}

  @TempDir Path work;

  private final String jwt = publisherJwt();
  private final Map<String, Sent> sent = new ConcurrentHashMap<>(); // by label, "p<publisher>:<n>"
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // label → id
  private final AtomicIntegerArray nextNumber = new AtomicIntegerArray(PUBLISHERS);

  @Test
  void everyAcknowledgedUpdateIsInTheHistoryOnceAndInOrderAfterSigkills() throws Exception {
    Path data = work.resolve("data");
    Path log = work.resolve("server.log");
    int port = ServerProcess.freePort();
    var random = new SplittableRandom();
    ResumingSubscriber follower = null;
    try {
      for (int round = 1; round <= KILLS; round++) {
        try (var server = ServerProcess.start(data, port, log, PATIENCE, HUB);
            var http = newHttpClient()) {
          if (follower == null) {
            follower = new ResumingSubscriber(server.uri(TOPIC_PATH), "earliest");
          }
          var following = follower;
          int connected = round;
          await().atMost(PATIENCE).until(() -> following.connections() >= connected);
          int before = acknowledged.size();
          int killAfter = before + 20 + random.nextInt(150 * round); // a new moment every round
          var failure = new AtomicReference<Throwable>();
          List<Thread> publishers = new ArrayList<>();
          for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            publishers.add(
                Thread.ofPlatform()
                    .start(() -> publishUntilRefused(server, http, publisher, failure)));
          }
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      acknowledged.size() >= killAfter
                          || failure.get() != null
                          || publishers.stream().noneMatch(Thread::isAlive));
          server.kill(); // from this thread, while the publishers keep publishing
          for (Thread publisher : publishers) {
            assertThat(publisher.join(PATIENCE)).isTrue();
          }
          assertThat(failure.get()).as("publisher failure").isNull();
          assertThat(acknowledged.size()).isGreaterThanOrEqualTo(killAfter);
          System.out.printf(
              "crash %d: SIGKILL after %d acknowledged updates (%d in all, %d sent)%n",
              round, acknowledged.size() - before, acknowledged.size(), sent.size());
        }
      }

      try (var server = ServerProcess.start(data, port, log, PATIENCE, HUB);
          var http = newHttpClient();
          var reader =
              new ResumingSubscriber(server.uri(TOPIC_PATH + "&lastEventID=earliest"), null)) {
        HttpResponse<String> last = post(server, http, "after the crashes", null);
        assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
        String lastId = last.body();
        var stayed = follower;
        await()
            .atMost(PATIENCE)
            .until(() -> reader.hasReceived(lastId) && stayed.hasReceived(lastId));

        List<Event> history = reader.events();
        assertThat(history.getLast().id()).isEqualTo(lastId);
        history = history.subList(0, history.size() - 1);
        System.out.printf(
            "history: %d updates, %d acknowledged, %d sent; %d cut-off segment tails%n",
            history.size(),
            acknowledged.size(),
            sent.size(),
            countInLog(log, "hub journal segment ends with"));
        assertEveryAcknowledgedUpdateOnceInOrder(history);
        assertThat(stayed.connections()).isGreaterThanOrEqualTo(KILLS + 1);
        assertThat(stayed.events())
            .as("the subscriber that stayed connected")
            .containsExactlyElementsOf(reader.events());
      }
    } catch (AssertionError | Exception e) {
      System.err.println("server log:\n" + (Files.exists(log) ? Files.readString(log) : "none"));
      throw e;
    } finally {
      if (follower != null) {
        follower.close();
      }
    }
  }

  /** Publishes one update at a time until the server stops answering; records each 200. */
  private void publishUntilRefused(
      ServerProcess server, HttpClient http, int publisher, AtomicReference<Throwable> failure) {
    var random = new SplittableRandom();
    while (true) {
      String label = "p" + publisher + ":" + nextNumber.getAndIncrement(publisher);
      String ownId = publisher % 2 == 0 ? "urn:crash:" + label : null;
      String data = label + " " + "x".repeat(random.nextInt(MAX_PADDING));
      sent.put(label, new Sent(data, ownId));
      HttpResponse<String> response;
      try {
        response = post(server, http, data, ownId);
      } catch (IOException refused) {
        return; // killed: the update in flight was never acknowledged
      } catch (InterruptedException e) {
        return;
      }
      if (response.statusCode() != 200 || (ownId != null && !response.body().equals(ownId))) {
        failure.compareAndSet(
            null,
            new AssertionError(
                "publish answered " + response.statusCode() + ": " + response.body()));
        return;
      }
      acknowledged.put(label, response.body());
    }
  }

  private void assertEveryAcknowledgedUpdateOnceInOrder(List<Event> history) {
    assertThat(history).extracting(Event::id).doesNotHaveDuplicates();
    List<String> labels = history.stream().map(event -> label(event.data())).toList();
    assertThat(labels).doesNotHaveDuplicates();
    assertThat(sent.keySet()).as("updates that were published").containsAll(labels);
    var missing = new ArrayList<>(acknowledged.keySet());
    missing.removeAll(labels);
    assertThat(missing).as("acknowledged updates missing from the history").isEmpty();
    for (Event event : history) {
      Sent update = sent.get(label(event.data()));
      assertThat(event.data()).isEqualTo(update.data());
      String expectedId =
          update.ownId() != null ? update.ownId() : acknowledged.get(label(event.data()));
      if (expectedId != null) {
        assertThat(event.id()).isEqualTo(expectedId);
      }
    }
    for (int p = 0; p < PUBLISHERS; p++) {
      String prefix = "p" + p + ":";
      List<Integer> numbers =
          labels.stream()
              .filter(label -> label.startsWith(prefix))
              .map(label -> Integer.parseInt(label.substring(prefix.length())))
              .toList();
      assertThat(numbers).as("publisher %d's updates in the history", p).isSorted();
    }
  }

  private HttpResponse<String> post(
      ServerProcess server, HttpClient http, String data, String ownId)
      throws IOException, InterruptedException {
    String form =
        "topic="
            + encode(TOPIC)
            + "&data="
            + encode(data)
            + (ownId == null ? "" : "&id=" + encode(ownId));
    return http.send(
        HttpRequest.newBuilder(server.uri("/.well-known/mercure"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + jwt)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String label(String data) {
    return data.substring(0, data.indexOf(' '));
  }

  private static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  private static long countInLog(Path log, String text) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String publisherJwt() {
    var jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder().claim("mercure", Map.of("publish", List.of(TOPIC))).build());
    try {
      jwt.sign(new MACSigner(KEY.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
