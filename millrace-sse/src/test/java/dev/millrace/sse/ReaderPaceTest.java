package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.LogAdapter;
import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whether a {@link StreamPolicy#REPLAY} reader is too slow depends on whether its connection
 * drains, not on how often the socket looks full: checked over real sockets on each native
 * transport, whose write completions differ (io_uring keeps written bytes in the channel's outbound
 * buffer until the kernel reports them sent).
 */
class ReaderPaceTest {

  private static final String STREAM_HEADERS = "Accept: text/event-stream\r\nConnection: close\r\n";

  /** Socket buffers kept small, so that the write queue fills after a few kilobytes. */
  private static final int SMALL_SOCKET_BUFFER = 4 * 1024;

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final LogAdapter log = new LogAdapter();
  private TestServer server;
  private SseRouter sse;

  @AfterEach
  void stop() {
    if (sse != null) {
      sse.close();
      server.close();
    }
    pubsub.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring"})
  void aFastReaderGetsAWholeBurstInOrder(String transport) throws Exception {
    start(transport, new HttpServerOptions(), SseOptions.DEFAULTS);
    int lines = 100_000;
    try (Socket socket = RawHttp.open(server.port(), "/log", STREAM_HEADERS)) {
      await().until(() -> sse.connections() == 1);
      CompletableFuture<byte[]> read = read(socket, 64 * 1024, 0);

      // A build's log in about two seconds, in bursts of 2,000 lines of 100 a message: each burst
      // fills the socket's write queue and holds more than pendingEvents back for a moment.
      for (int from = 1; from <= lines; from += 100) {
        append(from, from + 99);
        if (from % 2_000 == 1_901) {
          Thread.sleep(40);
        }
      }
      log.finish();
      pubsub.publish("log", LogAdapter.changed()).join();

      byte[] raw = read.get(60, TimeUnit.SECONDS);
      assertThat(slowCloses()).as("slow closes").isZero();
      List<SseParser.Event> events = events(raw);
      assertThat(events).hasSize(lines + 1);
      for (int n = 1; n <= lines; n++) {
        SseParser.Event event = events.get(n - 1);
        if (!event.id().equals(Integer.toString(n)) || !event.data().equals(line(n))) {
          assertThat(event)
              .as("event %d", n)
              .isEqualTo(new SseParser.Event("" + n, "line", line(n)));
        }
      }
      assertThat(events.getLast().name()).isEqualTo("end");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring"})
  void aReaderThatStopsIsClosedWithinTwiceTheGracePeriod(String transport) throws Exception {
    Duration grace = Duration.ofSeconds(1);
    start(
        transport,
        new HttpServerOptions().setSendBufferSize(SMALL_SOCKET_BUFFER),
        SseOptions.DEFAULTS
            .withWriteQueueBytes(16 * 1024)
            .withPendingEvents(100)
            .withPendingGrace(grace));
    try (Socket socket = stalled()) {
      // About 200 KB: far more than the socket buffers and the write queue take, far less than
      // pendingBytes, so only the grace period can close the connection.
      for (int from = 1; from <= 2_000; from += 100) {
        append(from, from + 99);
      }
      await().atMost(grace.multipliedBy(2).plusSeconds(5)).until(() -> sse.connections() == 0);
      assertThat(slowCloses()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring"})
  void aReaderThatStopsIsClosedOncePendingBytesIsPassedWithoutWaitingForTheGrace(String transport)
      throws Exception {
    start(
        transport,
        new HttpServerOptions().setSendBufferSize(SMALL_SOCKET_BUFFER),
        SseOptions.DEFAULTS
            .withWriteQueueBytes(16 * 1024)
            .withPendingEvents(100)
            .withPendingBytes(64 * 1024)
            .withPendingGrace(Duration.ofMinutes(10)));
    try (Socket socket = stalled()) {
      for (int from = 1; from <= 10_000 && sse.connections() == 1; from += 100) {
        append(from, from + 99);
      }
      await().until(() -> sse.connections() == 0);
      assertThat(slowCloses()).isEqualTo(1);
    }
  }

  /**
   * About 25 KB/s against a 256 KiB write queue: the channel turns writable again (below half the
   * queue) only every second or so, less often than once per grace period, but its outbound buffer
   * shrinks between any two looks.
   */
  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring"})
  void aSlowReaderThatKeepsDrainingIsNotClosed(String transport) throws Exception {
    start(
        transport,
        new HttpServerOptions().setSendBufferSize(SMALL_SOCKET_BUFFER),
        SseOptions.DEFAULTS
            .withWriteQueueBytes(256 * 1024)
            .withPendingEvents(20)
            .withPendingGrace(Duration.ofMillis(500)));
    // About 80 KB: the write queue, the socket buffers and a backlog of some 100 events.
    int lines = 800;
    try (Socket socket = connect(SMALL_SOCKET_BUFFER)) {
      await().until(() -> sse.connections() == 1);
      CompletableFuture<byte[]> read = read(socket, 512, 20);
      for (int from = 1; from <= lines; from += 100) {
        append(from, from + 99);
      }
      log.finish();
      pubsub.publish("log", LogAdapter.changed()).join();

      byte[] raw = read.get(60, TimeUnit.SECONDS);
      assertThat(slowCloses()).as("slow closes").isZero();
      assertThat(events(raw))
          .extracting(SseParser.Event::data)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, lines + 1)
                  .mapToObj(n -> n <= lines ? line(n) : "finished")
                  .toList());
    }
  }

  /** A stream whose client reads nothing, not even the response head. */
  private Socket stalled() throws IOException {
    Socket socket = connect(SMALL_SOCKET_BUFFER);
    await().until(() -> sse.connections() == 1);
    return socket;
  }

  /** A stream request on a socket with this receive buffer. */
  private Socket connect(int receiveBuffer) throws IOException {
    var socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    RawHttp.request(socket, "/log", STREAM_HEADERS);
    return socket;
  }

  private void append(int from, int to) {
    log.append(
        IntStream.rangeClosed(from, to).mapToObj(ReaderPaceTest::line).toArray(String[]::new));
    pubsub.publish("log", LogAdapter.changed()).join();
  }

  private void start(String transport, HttpServerOptions http, SseOptions options) {
    server = new TestServer(http, transport(transport));
    sse = SseRouter.create(server.vertx, pubsub, meters, options);
    server.router.get("/log").handler(sse.handler("log", log));
  }

  private static Transport transport(String name) {
    Transport transport = name.equals("epoll") ? Transport.EPOLL : Transport.IO_URING;
    assumeTrue(
        transport != null && transport.available(),
        () -> "the " + name + " transport is not available here");
    return transport;
  }

  /** Reads the socket to its end on a thread of its own, {@code chunk} bytes at a time. */
  private static CompletableFuture<byte[]> read(Socket socket, int chunk, long pauseMillis) {
    return CompletableFuture.supplyAsync(
        () -> {
          var bytes = new ByteArrayOutputStream();
          byte[] buffer = new byte[chunk];
          try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
              bytes.write(buffer, 0, n);
              if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
              }
            }
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return bytes.toByteArray();
        },
        runnable -> Thread.ofPlatform().daemon().start(runnable));
  }

  private static List<SseParser.Event> events(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("HTTP/1.1 200");
    var events = new ArrayList<SseParser.Event>();
    new SseParser(events::add).feed(RawHttp.dechunk(raw, text.indexOf("\r\n\r\n") + 4));
    return events;
  }

  private double slowCloses() {
    return meters.get("millrace.sse.slow.closes").counter().count();
  }

  private static String line(int n) {
    return "[step 3] compiling module " + n + " of the build, warnings: none, elapsed: 12.5s";
  }
}
