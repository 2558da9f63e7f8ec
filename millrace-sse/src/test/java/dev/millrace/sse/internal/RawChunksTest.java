package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.sse.testing.RawHttp;
import dev.millrace.sse.testing.TestServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
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
      return RawHttp.dechunk(raw, text.indexOf("\r\n\r\n") + 4);
    }
  }

  private Socket open(String path, String headers) throws IOException {
    return RawHttp.open(server.port(), path, headers);
  }
}
