package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.sse.DrainOptions;
import dev.millrace.sse.HubOptions;
import dev.millrace.sse.SseHub;
import dev.millrace.sse.testing.SseParser;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hub streams written as pre-framed chunks below the HTTP encoder, read off a raw socket. */
class RawChunkStreamTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TestServer server;
  private SseHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    server.close();
  }

  @Test
  void streamIsValidChunkedSseAndEndsWithTheLastChunkOnDrain() throws Exception {
    start(new HttpServerOptions(), HubOptions.DEFAULTS.withReplaySize(5));
    long one = hub.publish("t", "one");
    hub.publish("t", "two");
    hub.publish("t", "three");
    try (Socket socket = open("/hub/t", "Last-Event-ID: " + one + "\r\n")) {
      await().until(() -> hub.connections() == 1);
      hub.publish("t", "line a\nline b");
      hub.publish("t", "é five");
      hub.drain().await(10, TimeUnit.SECONDS);

      byte[] raw = socket.getInputStream().readAllBytes();
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      assertThat(text).startsWith("HTTP/1.1 200");
      assertThat(text.substring(0, headEnd).toLowerCase()).contains("transfer-encoding: chunked");

      var events = new ArrayList<Event>();
      var parser = new SseParser(events::add);
      parser.feed(dechunk(raw, headEnd + 4));
      assertThat(events)
          .containsExactly(
              new Event(Long.toString(one + 1), "message", "two"),
              new Event(Long.toString(one + 2), "message", "three"),
              new Event(Long.toString(one + 3), "message", "line a\nline b"),
              new Event(Long.toString(one + 4), "message", "é five"));
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
    start(new HttpServerOptions(), HubOptions.DEFAULTS.withSse(sse));
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      request(socket, "/hub/slow", "");
      await().until(() -> hub.connections() == 1);
      String big = "x".repeat(8 * 1024);
      for (int i = 0; i < 2_000 && hub.connections() == 1; i++) {
        hub.publish("slow", big);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> hub.connections() == 0);
      assertThat(meters.get("millrace.sse.slow.closes").counter().count()).isEqualTo(1.0);
    }
  }

  @Test
  void takesTheRawPathOnlyForPlainChunkedHttp11() throws Exception {
    start(new HttpServerOptions(), HubOptions.DEFAULTS);
    assertThat(probe()).isEqualTo("raw");
    hub.close();
    server.close();
    start(new HttpServerOptions().setCompressionSupported(true), HubOptions.DEFAULTS);
    assertThat(probe()).isEqualTo("response");
  }

  private void start(HttpServerOptions options, HubOptions hubOptions) {
    server = new TestServer(options);
    hub =
        SseHub.create(
            server.vertx,
            meters,
            hubOptions.withSse(
                hubOptions
                    .sse()
                    .withDrain(
                        new DrainOptions(
                            10,
                            Duration.ofMillis(10),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(4)))));
    server.router.route("/hub/:topic").handler(hub);
    server
        .router
        .route("/probe")
        .handler(
            context -> {
              var response = context.response().setChunked(true);
              response.end(RawChunks.of(context.request()) == null ? "response" : "raw");
            });
  }

  private String probe() throws IOException {
    try (Socket socket = open("/probe", "Connection: close\r\n")) {
      byte[] raw = socket.getInputStream().readAllBytes();
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      return dechunk(raw, text.indexOf("\r\n\r\n") + 4);
    }
  }

  private Socket open(String path, String headers) throws IOException {
    var socket = new Socket("127.0.0.1", server.port());
    request(socket, path, headers);
    return socket;
  }

  private static void request(Socket socket, String path, String headers) throws IOException {
    socket.setSoTimeout(20_000);
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
  }

  /** Decodes a chunked body strictly: every size line, every CRLF, the last chunk, then EOF. */
  private static String dechunk(byte[] raw, int from) throws IOException {
    InputStream in = new java.io.ByteArrayInputStream(raw, from, raw.length - from);
    var body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int size = Integer.parseInt(sizeLine, 16);
      if (size == 0) {
        assertThat(line(in)).as("trailer end").isEmpty();
        assertThat(in.read()).as("nothing after the last chunk").isEqualTo(-1);
        return body.toString(StandardCharsets.UTF_8);
      }
      byte[] data = in.readNBytes(size);
      assertThat(data).hasSize(size);
      body.write(data);
      assertThat(line(in)).as("CRLF after a chunk of " + size).isEmpty();
    }
  }

  private static String line(InputStream in) throws IOException {
    var out = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      assertThat(c).as("unexpected end of the chunked body").isNotEqualTo(-1);
      out.append((char) c);
    }
    assertThat(out).endsWith("\r");
    return out.substring(0, out.length() - 1);
  }
}
