package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.sse.SseEvent;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Push streams (the hub's) write pre-framed chunks below the HTTP encoder and share the slow-client
 * rule of the stream router: checked over real sockets on each native transport, one event per
 * hand-off task as the hub delivers them.
 */
class PushStreamTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TestServer server;
  private PushEngine engine;
  private volatile PushStream stream;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring"})
  void aFastReaderGetsAWholeBurstInOrder(String transport) throws Exception {
    start(transport, new HttpServerOptions(), SseOptions.DEFAULTS);
    int count = 100_000;
    try (Socket socket = RawHttp.open(server.port(), "/push", "Connection: close\r\n")) {
      await().until(() -> stream != null);
      CompletableFuture<byte[]> read =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return socket.getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              runnable -> Thread.ofPlatform().daemon().start(runnable));

      // Bursts of 2,000 events, each more than pendingEvents beyond the write queue.
      for (int n = 1; n <= count; n++) {
        push(n);
        if (n % 2_000 == 0) {
          Thread.sleep(40);
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> delivered() == count || stream.closed());
      assertThat(slowCloses()).as("slow closes").isZero();
      stream.loop().execute(stream::closeToResume);

      byte[] raw = read.get(60, TimeUnit.SECONDS);
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      var events = new ArrayList<SseParser.Event>();
      new SseParser(events::add).feed(RawHttp.dechunk(raw, text.indexOf("\r\n\r\n") + 4));
      assertThat(events)
          .extracting(SseParser.Event::id)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring"})
  void aReaderThatStopsIsClosedWithinTwiceTheGracePeriod(String transport) throws Exception {
    Duration grace = Duration.ofSeconds(1);
    start(
        transport,
        new HttpServerOptions().setSendBufferSize(4 * 1024),
        SseOptions.DEFAULTS
            .withWriteQueueBytes(16 * 1024)
            .withPendingEvents(100)
            .withPendingGrace(grace));
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      RawHttp.request(socket, "/push", "");
      await().until(() -> stream != null);
      for (int n = 1; n <= 2_000; n++) {
        push(n);
      }
      await().atMost(grace.multipliedBy(2).plusSeconds(5)).until(() -> engine.connections() == 0);
      assertThat(slowCloses()).isEqualTo(1);
    }
  }

  private void start(String transport, HttpServerOptions http, SseOptions options) {
    server = new TestServer(http, transport(transport));
    engine = new PushEngine(server.vertx, new SseMetrics(meters, "push"), options);
    server.router.get("/push").handler(context -> stream = engine.open(context.request(), s -> {}));
  }

  private static Transport transport(String name) {
    Transport transport = name.equals("epoll") ? Transport.EPOLL : Transport.IO_URING;
    assumeTrue(
        transport != null && transport.available(),
        () -> "the " + name + " transport is not available here");
    return transport;
  }

  /**
   * Hands one event to the stream's loop, the way the hub does, waiting while its queue is full.
   */
  private void push(int n) throws InterruptedException {
    var event =
        FramedEvent.frame(
            EncodedEvent.of(SseEvent.of(Integer.toString(n), "update", "update " + n), 0));
    PushStream target = stream;
    Runnable delivery = () -> engine.metrics().delivered(target.deliver(event), event.length());
    while (!target.loop().offer(delivery)) {
      Thread.sleep(1);
    }
  }

  private double delivered() {
    return meters.get("millrace.sse.events.delivered").counter().count();
  }

  private double slowCloses() {
    return meters.get("millrace.sse.slow.closes").counter().count();
  }
}
