package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps its data across a clean stop and start on the same data dir. */
class ServerRestartTest {

  @TempDir Path dataDir;

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void postsAndFeedsSurviveARestart() throws Exception {
    var config = ServerConfig.embedded("127.0.0.1", 0, dataDir).withMockRunner(false);

    try (var first = MillraceServer.start(config)) {
      var created =
          send(
              first,
              HttpRequest.newBuilder(uri(first, "/api/posts"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"title\":\"Kept\",\"content\":\"still here #restart\",\"author\":\"Ann\"}")));
      assertThat(created.statusCode()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(get(first, "/api/feeds").body()).contains("\"restart\""));
    }

    try (var second = MillraceServer.start(config)) {
      assertThat(get(second, "/api/feeds").body()).contains("{\"name\":\"restart\",\"posts\":1}");
      assertThat(get(second, "/api/feeds/restart").body())
          .contains("\"title\":\"Kept\"")
          .contains("still here #restart");
    }
  }

  @Test
  void aViewerStaysSignedInAcrossARestartWithTheKeyKeptInTheDataDir() throws Exception {
    var viewer = "Viewer-Token-For-Restarts";
    var config =
        ServerConfig.embedded("127.0.0.1", 0, dataDir)
            .withMockRunner(false)
            .withAccess(new AccessConfig(null, viewer));
    String cookie;
    try (var first = MillraceServer.start(config)) {
      var signedIn =
          send(
              first,
              HttpRequest.newBuilder(uri(first, "/api/v1/viewer-session"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + viewer + "\"}")));
      assertThat(signedIn.statusCode()).isEqualTo(200);
      var setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
      cookie = setCookie.substring(0, setCookie.indexOf(';'));
    }
    var keyFile = dataDir.resolve("signing.key");
    assertThat(java.nio.file.Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

    try (var second = MillraceServer.start(config)) {
      var session =
          send(
              second,
              HttpRequest.newBuilder(uri(second, "/api/v1/viewer-session"))
                  .header("Cookie", cookie));
      assertThat(session.body()).isEqualTo("{\"signedIn\":true}");
    }
  }

  private HttpResponse<String> get(MillraceServer server, String path) throws Exception {
    return send(server, HttpRequest.newBuilder(uri(server, path)).GET());
  }

  private HttpResponse<String> send(MillraceServer server, HttpRequest.Builder request)
      throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(MillraceServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
