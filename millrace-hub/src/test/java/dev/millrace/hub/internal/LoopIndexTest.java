package dev.millrace.hub.internal;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.hub.HubBus;
import dev.millrace.hub.HubOptions;
import dev.millrace.hub.MercureHub;
import dev.millrace.hub.Update;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.internal.Loop;
import dev.millrace.sse.testing.LoopTasks;
import dev.millrace.sse.testing.OutboundRecorder;
import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's deliveries on one event loop: updates that reach the loop in one pass over its hand-off
 * queue are written to each subscriber in order and flushed once per subscriber; an update alone in
 * its pass is written and flushed subscriber by subscriber. Read off raw sockets, with every write
 * and flush that reaches a socket recorded at the head of its pipeline.
 */
class LoopIndexTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final OutboundRecorder recorder = new OutboundRecorder();
  private final Map<String, CompletableFuture<byte[]>> received = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final CountDownLatch unblock = new CountDownLatch(1);
  private TestServer server;
  private DefaultMercureHub hub;

  @BeforeEach
  void start() {
    server = new TestServer();
    server
        .router
        .route(MercureHub.PATH)
        .handler(
            context -> {
              if (context.request().method() == HttpMethod.GET) {
                recorder.record(context.request(), context.request().getParam("name"));
              }
              context.next();
            });
    var options =
        HubOptions.DEFAULTS
            .withAnonymous(true)
            .withSse(SseOptions.DEFAULTS.withHeartbeat(Duration.ofHours(1)));
    hub = new DefaultMercureHub(server.vertx, meters, HubBus.live(pubSub, pubSub), options);
    hub.mount(server.router);
    hub.ready().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @AfterEach
  void stop() throws IOException {
    unblock.countDown();
    for (Socket socket : sockets) {
      socket.close();
    }
    hub.close();
    pubSub.close();
    server.close();
  }

  @Test
  void updatesThatReachTheLoopInOnePassAreFlushedOncePerSubscriber() throws Exception {
    subscribe("a");
    subscribe("b");
    Loop loop = onlyLoop();

    int mark = LoopTasks.block(loop, unblock, recorder::mark);
    for (int n = 1; n <= 20; n++) {
      publish("urn:t", n);
    }
    // The bus hands the hub one update at a time: once the next one is in the history, every
    // update before it was handed to the loop.
    publish("urn:elsewhere", 21);
    await().until(() -> hub.history().size() == 21);
    unblock.countDown();
    await().until(() -> delivered() == 40);

    List<String> operations = recorder.since(mark);
    assertThat(operations).hasSize(42);
    assertThat(operations.subList(40, 42))
        .as("flushed after every write of the pass")
        .containsOnly("a flush", "b flush");
    assertThat(recorder.count(mark, "a write")).isEqualTo(20);
    assertThat(recorder.count(mark, "b write")).isEqualTo(20);
    assertThat(meters.get("millrace.sse.flushes").counter().count()).isEqualTo(2);
    assertThat(ids()).containsOnlyKeys("a", "b").allSatisfy((name, ids) -> assertIds(ids, 20));
  }

  @Test
  void anUpdateAloneInItsPassIsWrittenAndFlushedSubscriberBySubscriber() throws Exception {
    subscribe("a");
    subscribe("b");
    Loop loop = onlyLoop();

    var mark = new CompletableFuture<Integer>();
    loop.execute(() -> mark.complete(recorder.mark()));
    publish("urn:t", 1);
    await().until(() -> delivered() == 2);

    List<String> operations = recorder.since(mark.get(10, TimeUnit.SECONDS));
    assertThat(operations).hasSize(4);
    String first = operations.get(0).split(" ")[0];
    String second = first.equals("a") ? "b" : "a";
    assertThat(operations)
        .containsExactly(first + " write", first + " flush", second + " write", second + " flush");
    assertThat(ids()).containsOnlyKeys("a", "b").allSatisfy((name, ids) -> assertIds(ids, 1));
  }

  private void subscribe(String name) throws IOException {
    int expected = sockets.size() + 1;
    var socket =
        RawHttp.open(server.port(), MercureHub.PATH + "?" + topics("urn:t") + "&name=" + name, "");
    sockets.add(socket);
    received.put(name, RawHttp.readToEnd(socket));
    await().until(() -> hub.connections() == expected);
  }

  private Loop onlyLoop() {
    assertThat(hub.engine().loops()).hasSize(1);
    return hub.engine().loops().iterator().next();
  }

  private void publish(String topic, int n) {
    hub.publish(new Update(List.of(topic), "update " + n, false, "id-" + n, null, null)).join();
  }

  private double delivered() {
    return meters.get("millrace.sse.events.delivered").counter().count();
  }

  /** Drains the hub and reads the ids of the events each socket received. */
  private Map<String, List<String>> ids() throws Exception {
    hub.drain().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    var ids = new ConcurrentHashMap<String, List<String>>();
    for (var entry : received.entrySet()) {
      byte[] response = entry.getValue().get(10, TimeUnit.SECONDS);
      ids.put(entry.getKey(), RawHttp.events(response).stream().map(SseParser.Event::id).toList());
    }
    return ids;
  }

  private static void assertIds(List<String> ids, int last) {
    assertThat(ids)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, last).mapToObj(n -> "id-" + n).toList());
  }
}
