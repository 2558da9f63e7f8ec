package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.LogAdapter;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.StateAdapter;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One client stops reading: the others keep receiving everything, the server holds a bounded amount
 * for it, and then it skips to the latest state (LATEST) or is closed and resumes (REPLAY).
 */
class SlowClientTest {

  private static final int EVENT_BYTES = 8 * 1024;
  private static final int UPDATES = 200;
  private static final int WRITE_QUEUE = 16 * 1024;

  /** Socket buffers on both ends, kept small so the server's write queue fills quickly. */
  private static final int SOCKET_BUFFER = 16 * 1024;

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TestServer server;
  private SseRouter sse;
  private SseClient fast;
  private SseClient slow;

  @BeforeEach
  void start() {
    server = new TestServer(new HttpServerOptions().setSendBufferSize(SOCKET_BUFFER));
    var options =
        SseOptions.DEFAULTS
            .withWriteQueueBytes(WRITE_QUEUE)
            .withPendingEvents(8)
            .withPendingGrace(Duration.ofMillis(500))
            .withHeartbeat(Duration.ofHours(1));
    sse = SseRouter.create(server.vertx, pubsub, meters, options);
    fast = new SseClient(server.vertx, server.port(), 8);
    slow =
        new SseClient(
            server.vertx,
            server.port(),
            2,
            new HttpClientOptions().setReceiveBufferSize(SOCKET_BUFFER));
  }

  @AfterEach
  void stop() {
    fast.close();
    slow.close();
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void latestSkipsStaleStatesForTheSlowClientOnly() {
    var adapter = new StateAdapter(false);
    adapter.state.put("a", state(0));
    server.router.get("/state").handler(sse.handler("state", adapter));
    var others = List.of(fast.open("/state?keys=a"), fast.open("/state?keys=a"));
    var stuck = slow.open("/state?keys=a");
    await()
        .until(
            () -> stuck.events.size() == 1 && others.stream().allMatch(s -> s.events.size() == 1));
    stuck.pause();

    publishVersions(adapter, 1, UPDATES, others);
    long heldAfterFirstRound = writtenToSlowClient(others);
    publishVersions(adapter, UPDATES + 1, 2 * UPDATES, others);
    // The server stopped writing to the stuck client: it holds one pending state, not more.
    assertThat(writtenToSlowClient(others)).isEqualTo(heldAfterFirstRound);
    assertThat(meters.get("millrace.sse.events.dropped").counter().count()).isGreaterThan(UPDATES);
    for (var stream : others) {
      assertThat(stream.data())
          .containsExactlyElementsOf(
              IntStream.rangeClosed(0, 2 * UPDATES).mapToObj(v -> state(v)).toList());
    }

    stuck.resume();
    String last = state(2 * UPDATES);
    await().until(() -> !stuck.events.isEmpty() && stuck.data().getLast().equals(last));
    assertThat(stuck.events.size()).isLessThan(UPDATES);
    assertThat(stuck.ended()).isFalse();
  }

  @Test
  void replayClosesTheSlowClientWhichResumesWithoutLoss() {
    var log = new LogAdapter();
    server.router.get("/log").handler(sse.handler("log", log));
    var others = List.of(fast.open("/log"), fast.open("/log"));
    var stuck = slow.open("/log");
    await().until(() -> sse.connections() == 3 && stuck.status() == 200);
    stuck.pause();

    for (int n = 1; n <= UPDATES; n++) {
      log.append(state(n));
      pubsub.publish("log", LogAdapter.changed()).join();
      int expected = n;
      soon().until(() -> others.stream().allMatch(s -> s.events.size() == expected));
    }

    await().until(() -> meters.get("millrace.sse.slow.closes").counter().count() == 1);
    assertThat(sse.connections()).isEqualTo(2);
    for (var stream : others) {
      assertThat(stream.events)
          .extracting(e -> Integer.parseInt(e.id()))
          .containsExactlyElementsOf(IntStream.rangeClosed(1, UPDATES).boxed().toList());
    }

    stuck.resume();
    await().until(stuck::ended);
    String lastId = stuck.events.isEmpty() ? "0" : stuck.events.getLast().id();
    assertThat(Integer.parseInt(lastId)).isLessThan(UPDATES);
    var resumed = fast.open("/log", "Last-Event-ID", lastId);
    await()
        .until(
            () ->
                !resumed.events.isEmpty()
                    && resumed.events.getLast().id().equals(Integer.toString(UPDATES)));
    assertThat(resumed.events.getFirst().id())
        .isEqualTo(Integer.toString(Integer.parseInt(lastId) + 1));
  }

  private void publishVersions(
      StateAdapter adapter, int from, int to, List<SseClient.Stream> others) {
    for (int v = from; v <= to; v++) {
      adapter.state.put("a", state(v));
      pubsub.publish("state", StateAdapter.changed("a")).join();
      String expected = state(v);
      soon().until(() -> others.stream().allMatch(s -> s.data().getLast().equals(expected)));
    }
  }

  private static ConditionFactory soon() {
    return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
  }

  /** Bytes the server handed to the slow connection: all written minus what the others got. */
  private long writtenToSlowClient(List<SseClient.Stream> others) {
    double written = meters.get("millrace.sse.written").counter().count();
    long toOthers =
        others.stream().mapToLong(s -> s.raw().length() - "retry: 3000\n\n".length()).sum();
    return (long) written - toOthers;
  }

  private static String state(int version) {
    String prefix = "v" + version + ":";
    return prefix + "x".repeat(EVENT_BYTES - prefix.length());
  }
}
