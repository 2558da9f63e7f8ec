package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MillraceServerTest {

  @TempDir Path dataDir;

  private MillraceServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server =
        MillraceServer.start(
            ServerConfig.embedded("127.0.0.1", 0, dataDir.resolve("data")).withMockRunner(false));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runsOnIoUringByDefaultWhereTheKernelAllowsIt() {
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");

    assertThat(((VertxInternal) server.vertx()).transport())
        .isSameAs(Transport.IO_URING.implementation());
  }

  @Test
  void healthzAnswers200WhenReady() throws Exception {
    var response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"up\"");
    assertThat(dataDir.resolve("data")).isDirectory();
  }

  @Test
  void metricsSpeaksPrometheusText() throws Exception {
    var response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
  }

  @Test
  void aClientAskingForAnH2cUpgradeStaysOnHttp11AndGetsWholeBodies() throws Exception {
    for (int i = 0; i < 30; i++) {
      var response = get("/metrics"); // the JDK client asks for h2c by default
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge").endsWith("\n");
    }
  }

  @Test
  void eachAppsPageLinksTheOther() throws Exception {
    var feeds = get("/");
    var buildLogs = get("/builds/");

    assertThat(feeds.statusCode()).isEqualTo(200);
    assertThat(feeds.body()).contains("href=\"/builds/\"");
    assertThat(buildLogs.statusCode()).isEqualTo(200);
    assertThat(buildLogs.body()).contains("href=\"/\" id=\"to-feeds\"");
  }
}
