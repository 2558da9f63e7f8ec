package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HealthCommandTest {

  @TempDir Path dataDir;

  @Test
  void exitsZeroForAHealthyServerAndTwoWhenNothingAnswers() throws IOException {
    var out = new ByteArrayOutputStream();
    var stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try (var server =
        MillraceServer.start(
            ServerConfig.embedded("127.0.0.1", 0, dataDir.resolve("data")).withMockRunner(false))) {
      assertThat(health("http://127.0.0.1:" + server.port())).isZero();
    } finally {
      System.setOut(stdout);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"status\":\"up\"");
    assertThat(health("http://127.0.0.1:" + closedPort())).isEqualTo(2);
  }

  @Test
  void exitsOneWhenTheServerSaysItIsNotUp() throws IOException {
    var degraded = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    degraded.createContext(
        "/healthz",
        exchange -> {
          byte[] body = "{\"status\":\"down\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    degraded.start();
    try {
      assertThat(health("http://127.0.0.1:" + degraded.getAddress().getPort())).isEqualTo(1);
    } finally {
      degraded.stop(0);
    }
  }

  private static int health(String url) {
    return new CommandLine(new Main()).execute("health", "--url", url);
  }

  private static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
