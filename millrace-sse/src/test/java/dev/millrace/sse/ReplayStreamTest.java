package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.LogAdapter;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayStreamTest {

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final LogAdapter log = new LogAdapter();
  private TestServer server;
  private SseRouter sse;
  private SseClient client;

  @BeforeEach
  void start() {
    server = new TestServer();
    sse = SseRouter.create(server.vertx, pubsub, new SimpleMeterRegistry());
    server.router.get("/log").handler(sse.handler("log", log));
    client = new SseClient(server.vertx, server.port(), 32);
  }

  @AfterEach
  void stop() {
    client.close();
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void replaysStoredLinesThenTailsThenEnds() {
    append(250);
    var stream = client.open("/log");
    await().until(() -> stream.events.size() == 250);

    append(10);
    await().until(() -> stream.events.size() == 260);
    log.finish();
    publish();

    await().until(stream::ended);
    assertThat(lineNumbers(stream)).containsExactlyElementsOf(range(1, 260));
    assertThat(stream.events.getLast()).isEqualTo(new Event("261", "end", "finished"));
  }

  @Test
  void resumesAfterLastEventIdAndAnswers204OnceFullyRead() {
    append(300);
    log.finish();
    var resumed = client.open("/log", "Last-Event-ID", "120");
    await().until(resumed::ended);
    assertThat(lineNumbers(resumed)).containsExactlyElementsOf(range(121, 300));
    assertThat(resumed.events.getLast().name()).isEqualTo("end");

    var done = client.open("/log", "Last-Event-ID", "300");
    await().until(done::ended);
    assertThat(done.status()).isEqualTo(204);
  }

  @Test
  void clientsJoiningDuringAppendsGetEveryLineOnceInOrder() {
    var streams = new ArrayList<SseClient.Stream>();
    for (int round = 0; round < 20; round++) {
      append(37);
      streams.add(client.open("/log"));
      if (round % 5 == 0) {
        streams.add(client.open("/log", "Last-Event-ID", Integer.toString(round * 37)));
      }
    }
    log.finish();
    publish();
    int total = log.size();
    await().until(() -> streams.stream().allMatch(SseClient.Stream::ended));
    for (int i = 0; i < streams.size(); i++) {
      var stream = streams.get(i);
      List<Integer> numbers = lineNumbers(stream);
      assertThat(numbers).as("stream %d", i).isSorted().doesNotHaveDuplicates();
      assertThat(numbers.getLast()).as("stream %d", i).isEqualTo(total);
      assertThat(numbers)
          .as("stream %d", i)
          .containsExactlyElementsOf(range(numbers.getFirst(), total));
    }
  }

  @Test
  void answersTheSnapshotAsJsonToNonStreamRequests() {
    append(3);
    var json = client.open("/log", "Accept", "application/json");
    await().until(json::ended);
    assertThat(json.raw()).isEqualTo("3");
  }

  private void append(int count) {
    int from = log.size();
    log.append(
        IntStream.rangeClosed(from + 1, from + count)
            .mapToObj(n -> "line " + n)
            .toArray(String[]::new));
    publish();
  }

  private void publish() {
    pubsub.publish("log", LogAdapter.changed()).join();
  }

  private static List<Integer> lineNumbers(SseClient.Stream stream) {
    return stream.events.stream()
        .filter(e -> e.name().equals("line"))
        .map(e -> Integer.parseInt(e.id()))
        .toList();
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }
}
