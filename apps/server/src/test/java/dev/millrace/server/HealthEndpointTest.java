package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz} while a dependency is down: the server's read model lives in an H2 server of its
 * own, over TCP, which the test stops and starts again.
 */
class HealthEndpointTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  @TempDir Path readModelDir;

  private final HttpClient client = HttpClient.newHttpClient();
  private Server readModelServer;
  private MillraceServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (readModelServer != null) {
      readModelServer.stop();
    }
  }

  @Test
  void aDependencyThatGoesDownIsNamedWith503AndUpAgainOnceItIsBack() throws Exception {
    int port = freePort();
    readModelServer = startReadModelServer(port);
    var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir);
    var storage =
        new StorageConfig(dataDir, null, null, null, "jdbc:h2:tcp://127.0.0.1:" + port + "/feeds");
    server =
        MillraceServer.start(
            new ServerConfig(
                embedded.host(),
                embedded.port(),
                embedded.publicUrl(),
                storage,
                embedded.messaging(),
                embedded.access(),
                embedded.hub(),
                false,
                embedded.stepLogCapBytes(),
                embedded.stepTimeout(),
                embedded.transport()));

    var healthy = health();
    assertThat(healthy.statusCode()).as(healthy.body()).isEqualTo(200);
    assertThat(body(healthy).getString("status")).isEqualTo("up");
    assertThat(body(healthy).getJsonObject("checks").getString("read-model")).isEqualTo("up");

    readModelServer.stop();
    var down = health();
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    assertThat(down.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(body(down).getString("status")).isEqualTo("down");
    assertThat(body(down).getJsonObject("checks").getMap())
        .containsEntry("read-model", "down")
        .containsEntry("write-model", "up")
        .containsEntry("pubsub", "up");

    readModelServer = startReadModelServer(port);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> health().statusCode() == 200);
    var recovered = health();
    assertThat(body(recovered).getString("status")).isEqualTo("up");
    assertThat(body(recovered).getJsonObject("checks").getString("read-model")).isEqualTo("up");
  }

  private Server startReadModelServer(int port) throws SQLException {
    return Server.createTcpServer(
            "-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", readModelDir.toString())
        .start();
  }

  private HttpResponse<String> health() throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
            .timeout(WAIT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject body(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
