package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.DrainOptions;
import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hub streams written as pre-framed chunks below the HTTP encoder, read off a raw socket. */
class RawStreamTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private TestServer server;
  private MercureHub hub;

  @AfterEach
  void stop() {
    hub.close();
    pubSub.close();
    server.close();
  }

  @Test
  void streamIsValidChunkedSseAndEndsWithTheLastChunkOnDrain() throws Exception {
    start(HubOptions.DEFAULTS.withAnonymous(true));
    String one = publish(new Update(List.of("urn:t"), "one", false, "1", null, null));
    publish(new Update(List.of("urn:t"), "two", false, "2", null, null));
    publish(new Update(List.of("urn:t"), "three", false, "3", "named", null));
    await().until(() -> historyHas("3"));
    try (Socket socket =
        open("/.well-known/mercure?" + topics("urn:t"), "Last-Event-ID: " + one + "\r\n")) {
      await().until(() -> hub.connections() == 1);
      publish(new Update(List.of("urn:t"), "line a\nline b", false, "4", null, null));
      publish(new Update(List.of("urn:t"), "é five", false, "5", null, null));
      await().until(() -> historyHas("5"));
      hub.drain().await(10, TimeUnit.SECONDS);

      byte[] raw = socket.getInputStream().readAllBytes();
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      assertThat(text).startsWith("HTTP/1.1 200");
      String head = text.substring(0, headEnd).toLowerCase();
      assertThat(head).contains("transfer-encoding: chunked").contains("last-event-id: 1");

      var events = new ArrayList<Event>();
      var parser = new SseParser(events::add);
      parser.feed(RawHttp.dechunk(raw, headEnd + 4));
      assertThat(events)
          .containsExactly(
              new Event("2", "message", "two"),
              new Event("3", "named", "three"),
              new Event("4", "message", "line a\nline b"),
              new Event("5", "message", "é five"));
      assertThat(parser.retry()).isBetween(1_000L, 5_000L);
    }
  }

  @Test
  void slowReaderIsClosedThoughWritesBypassTheResponse() throws Exception {
    var sse =
        HubOptions.DEFAULTS
            .sse()
            .withWriteQueueBytes(16 * 1024)
            .withPendingEvents(8)
            .withStallTimeout(Duration.ofSeconds(2));
    start(
        HubOptions.DEFAULTS
            .withAnonymous(true)
            .withSse(sse)
            .withHistory(HistoryLimits.parse("10")));
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      RawHttp.request(socket, "/.well-known/mercure?" + topics("urn:slow"), "");
      await().until(() -> hub.connections() == 1);
      String big = "x".repeat(8 * 1024);
      for (int i = 0; i < 2_000 && hub.connections() == 1; i++) {
        hub.publish(Update.of("urn:slow", big)).join();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> hub.connections() == 0);
      assertThat(meters.get("millrace.sse.slow.closes").counter().count()).isEqualTo(1.0);
    }
  }

  private String publish(Update update) {
    return hub.publish(update).join();
  }

  private boolean historyHas(String id) {
    return meters.get("millrace.hub.history.updates").gauge().value() >= Integer.parseInt(id);
  }

  private void start(HubOptions options) {
    server = new TestServer();
    hub =
        MercureHub.create(
            server.vertx,
            meters,
            HubBus.live(pubSub, pubSub),
            options.withSse(
                options
                    .sse()
                    .withDrain(
                        new DrainOptions(
                            10,
                            Duration.ofMillis(10),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(4)))));
    hub.mount(server.router);
    hub.ready().join();
  }

  private Socket open(String path, String headers) throws IOException {
    return RawHttp.open(server.port(), path, headers);
  }
}
