package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.testing.LogAdapter;
import dev.millrace.sse.testing.LoopTasks;
import dev.millrace.sse.testing.OutboundRecorder;
import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream router's deliveries: the events of one render, and the renders that reach an event
 * loop in one pass over its hand-off queue, are written to each connection in order and flushed
 * once per connection. Checked over real sockets on each transport, with every write and flush that
 * reaches a socket recorded at the head of its pipeline.
 */
class KeyLoopTest {

  private static final SseOptions QUIET = SseOptions.DEFAULTS.withHeartbeat(Duration.ofHours(1));

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final LogAdapter log = new LogAdapter();
  private final OutboundRecorder recorder = new OutboundRecorder();
  private final Map<String, CompletableFuture<byte[]>> received = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final CountDownLatch unblock = new CountDownLatch(1);
  private TestServer server;
  private DefaultSseRouter sse;

  @AfterEach
  void stop() throws IOException {
    unblock.countDown();
    for (Socket socket : sockets) {
      socket.close();
    }
    if (sse != null) {
      sse.close();
      server.close();
    }
    pubsub.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll", "io_uring"})
  void theEventsOfOneRenderAreFlushedOncePerConnection(String transport) throws Exception {
    start(transport);
    open("a");
    open("b");
    Loop loop = liveLoop(2);

    int mark = LoopTasks.onLoop(loop, recorder::mark);
    log.append(lines(1, 50));
    pubsub.publish("log", LogAdapter.changed()).join();
    await().until(() -> delivered() == 100);

    for (String name : List.of("a", "b")) {
      assertThat(recorder.count(mark, name + " write")).isEqualTo(50);
      assertThat(recorder.count(mark, name + " flush")).isEqualTo(1);
      assertThat(recorder.since(mark).getLast()).endsWith("flush");
    }
    assertThat(ids()).containsOnlyKeys("a", "b").allSatisfy((name, ids) -> assertRange(ids, 50));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll", "io_uring"})
  void rendersThatReachTheLoopInOnePassAreFlushedOncePerConnection(String transport)
      throws Exception {
    start(transport);
    open("a");
    open("b");
    Loop loop = liveLoop(2);

    int mark = LoopTasks.block(loop, unblock, recorder::mark);
    for (int n = 1; n <= 10; n++) {
      log.append(lines(n, n));
      pubsub.publish("log", LogAdapter.changed()).join();
      int queued = n;
      await().until(() -> loop.handoff().queued() == queued);
    }
    unblock.countDown();
    await().until(() -> delivered() == 20);

    for (String name : List.of("a", "b")) {
      assertThat(recorder.count(mark, name + " write")).isEqualTo(10);
      assertThat(recorder.count(mark, name + " flush")).isEqualTo(1);
    }
    List<String> operations = recorder.since(mark);
    assertThat(operations).hasSize(22);
    assertThat(operations.subList(20, 22))
        .as("flushed after every write of the pass")
        .containsOnly("a flush", "b flush");
    assertThat(ids()).containsOnlyKeys("a", "b").allSatisfy((name, ids) -> assertRange(ids, 10));
  }

  private void start(String transport) {
    server = new TestServer(new HttpServerOptions(), transport(transport));
    sse = new DefaultSseRouter(server.vertx, pubsub, meters, QUIET);
    server
        .router
        .get("/log")
        .handler(
            context -> {
              recorder.record(context.request(), context.request().getParam("name"));
              context.next();
            })
        .handler(sse.handler("log", log));
  }

  private static Transport transport(String name) {
    Transport transport =
        switch (name) {
          case "epoll" -> Transport.EPOLL;
          case "io_uring" -> Transport.IO_URING;
          default -> Transport.NIO;
        };
    assumeTrue(
        transport != null && transport.available(),
        () -> "the " + name + " transport is not available here");
    return transport;
  }

  private void open(String name) throws IOException {
    var socket = RawHttp.open(server.port(), "/log?name=" + name, "Accept: text/event-stream\r\n");
    sockets.add(socket);
    received.put(name, RawHttp.readToEnd(socket));
  }

  /** The only loop, once {@code connections} streams on it have replayed and are live. */
  private Loop liveLoop(int connections) {
    await().until(() -> sse.loops().all().size() == 1);
    Loop loop = sse.loops().all().iterator().next();
    await()
        .until(
            () ->
                LoopTasks.onLoop(
                    loop,
                    () ->
                        loop.connections().size() == connections
                            && loop.connections().stream()
                                .map(StreamConnection.class::cast)
                                .allMatch(c -> c.watches[0] != null && !c.watches[0].replaying)));
    return loop;
  }

  private double delivered() {
    return meters.get("millrace.sse.events.delivered").counter().count();
  }

  /** Ends every stream (a drain) and reads the ids of the events each socket received. */
  private Map<String, List<String>> ids() throws Exception {
    sse.drain().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    var ids = new ConcurrentHashMap<String, List<String>>();
    for (var entry : received.entrySet()) {
      byte[] response = entry.getValue().get(10, TimeUnit.SECONDS);
      ids.put(entry.getKey(), RawHttp.events(response).stream().map(SseParser.Event::id).toList());
    }
    return ids;
  }

  private static void assertRange(List<String> ids, int last) {
    assertThat(ids)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, last).mapToObj(Integer::toString).toList());
  }

  private static String[] lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(n -> "line " + n).toArray(String[]::new);
  }
}
