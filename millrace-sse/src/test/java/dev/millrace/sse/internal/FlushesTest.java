package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.sse.SseEvent;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.testing.LoopTasks;
import dev.millrace.sse.testing.OutboundRecorder;
import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a pass of an event loop over its hand-off queue writes to a push stream is flushed once, at
 * the end of the pass, in the order the streams were first written; an event alone in its pass is
 * written and flushed stream by stream. Checked over real sockets on each transport, with every
 * write and flush that reaches a socket recorded at the head of its pipeline. A pass is made
 * deterministic by blocking the loop while its tasks are handed off.
 */
class FlushesTest {

  private static final SseOptions QUIET = SseOptions.DEFAULTS.withHeartbeat(Duration.ofHours(1));

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final OutboundRecorder recorder = new OutboundRecorder();
  private final Map<String, PushStream> streams = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<byte[]>> received = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final CountDownLatch unblock = new CountDownLatch(1);
  private TestServer server;
  private PushEngine engine;

  @AfterEach
  void stop() throws IOException {
    unblock.countDown();
    for (Socket socket : sockets) {
      socket.close();
    }
    if (engine != null) {
      engine.close();
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll", "io_uring"})
  void eventsOfOnePassAreFlushedOncePerStreamInTheOrderTheStreamsWereFirstWritten(String transport)
      throws Exception {
    start(transport, new HttpServerOptions(), QUIET);
    open("a");
    open("b");
    Loop loop = onlyLoop();

    int mark = LoopTasks.block(loop, unblock, recorder::mark);
    offer(loop, 1, "b");
    for (int n = 2; n <= 50; n++) {
      offer(loop, n, "a", "b");
    }
    unblock.countDown();
    await().until(() -> delivered() == 99);

    List<String> operations = recorder.since(mark);
    assertThat(operations)
        .filteredOn(op -> op.endsWith("flush"))
        .containsExactly("b flush", "a flush");
    assertThat(operations.subList(operations.size() - 2, operations.size()))
        .as("flushed after every write of the pass")
        .containsExactly("b flush", "a flush");
    assertThat(recorder.count(mark, "a write")).isEqualTo(49);
    assertThat(recorder.count(mark, "b write")).isEqualTo(50);
    assertThat(flushes()).as("millrace.sse.flushes").isEqualTo(2);
    assertThat(ids("a")).containsExactlyElementsOf(range(2, 50));
    assertThat(ids("b")).containsExactlyElementsOf(range(1, 50));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll", "io_uring"})
  void anEventAloneInItsPassIsWrittenAndFlushedStreamByStream(String transport) throws Exception {
    start(transport, new HttpServerOptions(), QUIET);
    open("a");
    open("b");
    Loop loop = onlyLoop();

    int mark = LoopTasks.onLoop(loop, recorder::mark);
    offer(loop, 1, "a", "b");
    await().until(() -> delivered() == 2);
    assertThat(recorder.since(mark)).containsExactly("a write", "a flush", "b write", "b flush");

    mark = LoopTasks.onLoop(loop, recorder::mark);
    offer(loop, 2, "b", "a");
    await().until(() -> delivered() == 4);
    assertThat(recorder.since(mark)).containsExactly("b write", "b flush", "a write", "a flush");
    assertThat(flushes()).as("millrace.sse.flushes").isEqualTo(4);
    assertThat(ids("a")).containsExactly("1", "2");
    assertThat(ids("b")).containsExactly("1", "2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll", "io_uring"})
  void aStreamClosedDuringThePassIsNotFlushedAndTheSharedChunksStayWhole(String transport)
      throws Exception {
    start(transport, new HttpServerOptions(), QUIET);
    open("a");
    open("b");
    Loop loop = onlyLoop();
    FramedEvent first = event(1);
    FramedEvent second = event(2);

    int mark = LoopTasks.block(loop, unblock, recorder::mark);
    offer(loop, first, "a", "b");
    assertThat(loop.offer(() -> streams.get("a").close())).isTrue();
    offer(loop, second, "a", "b");
    unblock.countDown();
    await().until(() -> delivered() == 3 && engine.registeredConnections() == 1);

    List<String> operations = recorder.since(mark);
    assertThat(recorder.count(mark, "a write")).isEqualTo(1);
    assertThat(recorder.count(mark, "b flush")).isEqualTo(1);
    assertThat(operations.subList(operations.size() - 2, operations.size()))
        .as("the end of the pass flushes the open stream only")
        .containsExactly("b write", "b flush");
    assertThat(ids("b")).containsExactly("1", "2");
    for (FramedEvent event : List.of(first, second)) {
      assertThat(event.chunk().readerIndex()).isZero();
      assertThat(event.chunk().readableBytes()).isEqualTo(chunkLength(event));
    }
  }

  /**
   * Where the socket takes what a flush sends before the flush returns (NIO and epoll): io_uring
   * keeps the bytes in the channel's buffer until the kernel reports them sent, later in the loop,
   * so there the queue fills whether or not the events were flushed one by one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll"})
  void aWriteQueueFilledByUnflushedWritesIsFlushedRatherThanJudgedFull(String transport)
      throws Exception {
    start(
        transport,
        new HttpServerOptions().setSendBufferSize(1 << 20),
        QUIET.withWriteQueueBytes(16 * 1024));
    open("a");
    Loop loop = onlyLoop();
    int events = 64;
    var writtenAtOnce = new AtomicInteger();
    var passDone = new CompletableFuture<Void>();

    int mark = LoopTasks.block(loop, unblock, recorder::mark);
    for (int n = 1; n <= events; n++) {
      FramedEvent event = large(n);
      assertThat(loop.offer(() -> writtenAtOnce.addAndGet(streams.get("a").deliver(event))))
          .isTrue();
    }
    assertThat(loop.offer(() -> passDone.complete(null))).isTrue();
    unblock.countDown();
    passDone.get(10, TimeUnit.SECONDS);

    // About 64 KiB in one pass, four times the write queue: each time the queue filled with
    // unflushed writes they were flushed, and the next event went on behind them.
    assertThat(writtenAtOnce).hasValue(events);
    assertThat(recorder.count(mark, "a flush")).isBetween(2L, events / 4L);
    assertThat(ids("a")).containsExactlyElementsOf(range(1, events));
  }

  private void start(String transport, HttpServerOptions http, SseOptions options) {
    server = new TestServer(http, transport(transport));
    engine = new PushEngine(server.vertx, new SseMetrics(meters, "push"), options);
    server
        .router
        .get("/push/:name")
        .handler(
            context -> {
              String name = context.pathParam("name");
              recorder.record(context.request(), name);
              streams.put(name, engine.open(context.request(), s -> {}));
            });
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

  /** Opens a stream named {@code name} from a socket with large buffers, read to its end. */
  private void open(String name) throws IOException {
    var socket = new Socket();
    sockets.add(socket);
    socket.setReceiveBufferSize(1 << 20);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    RawHttp.request(socket, "/push/" + name, "");
    received.put(name, RawHttp.readToEnd(socket));
    await().until(() -> streams.containsKey(name));
  }

  private Loop onlyLoop() {
    assertThat(engine.loops()).hasSize(1);
    return engine.loops().iterator().next();
  }

  /** Hands the loop one task that delivers event {@code n} to the named streams, in that order. */
  private void offer(Loop loop, int n, String... names) {
    offer(loop, event(n), names);
  }

  private void offer(Loop loop, FramedEvent event, String... names) {
    Runnable delivery =
        () -> {
          int writes = 0;
          for (String name : names) {
            writes += streams.get(name).deliver(event);
          }
          engine.metrics().delivered(writes, (long) writes * event.length());
        };
    assertThat(loop.offer(delivery)).isTrue();
  }

  private double delivered() {
    return meters.get("millrace.sse.events.delivered").counter().count();
  }

  private double flushes() {
    return meters.get("millrace.sse.flushes").counter().count();
  }

  /** Ends the stream and reads the ids of every event its socket received. */
  private List<String> ids(String name) throws Exception {
    PushStream stream = streams.get(name);
    stream.loop().execute(stream::closeToResume);
    byte[] response = received.get(name).get(10, TimeUnit.SECONDS);
    return RawHttp.events(response).stream().map(SseParser.Event::id).toList();
  }

  private static FramedEvent event(int n) {
    return FramedEvent.of(SseEvent.of(Integer.toString(n), "update", "update " + n), 0);
  }

  private static FramedEvent large(int n) {
    return FramedEvent.of(SseEvent.of(Integer.toString(n), "update", "x".repeat(1000)), 0);
  }

  private static int chunkLength(FramedEvent event) {
    return Integer.toHexString(event.length()).length() + 2 + event.length() + 2;
  }

  private static List<String> range(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
  }
}
