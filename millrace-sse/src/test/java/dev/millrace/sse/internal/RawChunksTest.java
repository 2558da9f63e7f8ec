package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.sse.testing.TestServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which responses may take the pre-framed chunk path below the HTTP encoder. */
class RawChunksTest {

  private TestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void takesTheRawPathOnlyForPlainChunkedHttp11() throws Exception {
    start(new HttpServerOptions());
    assertThat(probe()).isEqualTo("raw");
    server.close();
    start(new HttpServerOptions().setCompressionSupported(true));
    assertThat(probe()).isEqualTo("response");
  }

  private void start(HttpServerOptions options) {
    server = new TestServer(options);
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
