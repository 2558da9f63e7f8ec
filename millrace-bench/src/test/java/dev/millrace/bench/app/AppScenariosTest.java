package dev.millrace.bench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.bench.server.AppServerTarget;
import dev.millrace.bench.server.ServerLaunch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Short runs of the feeds and build-log scenarios against the server jar: every client ends with
 * every post, every viewer with exactly lines 1..last. Skipped when the server jar is not built.
 */
@Tag("slow")
class AppScenariosTest {

  private static final Path JAR = Path.of("../apps/server/target/millrace-server.jar");
  private static final ServerLaunch SHIPPED = ServerLaunch.of(null);

  private static AppServerTarget server;

  @BeforeAll
  static void startServer() throws IOException {
    assumeTrue(Files.isRegularFile(JAR), "server jar not built");
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    server =
        AppServerTarget.start(
            SHIPPED, JAR, Files.createTempDirectory("millrace-bench-app-test-"), port);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theServerRunsWithTheShippedJvmOptions() throws Exception {
    assertThat(server.settings())
        .contains(String.join(" ", SHIPPED.shippedOptions()) + " -jar ")
        .contains(JAR.getFileName().toString());
  }

  @Test
  void everyFeedClientEndsWithEveryPostAndOneRenderPerStream() throws Exception {
    var spec = new FeedsSpec(20, 20, 5, Duration.ofSeconds(2));

    var result =
        new FeedsScenario(1).run("millrace", server.settings(), server.base(), server.pid(), spec);

    assertThat(result.posts()).isGreaterThanOrEqualTo(8);
    assertThat(result.postsFailed()).isZero();
    assertThat(result.allFinal()).isTrue();
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.reordered()).isZero();
    assertThat(result.firstAppearances()).isPositive();
    assertThat(result.rendersPerPost().get("feedStreamRenders")).isBetween(0.5, 2.0);
    assertThat(result.rendersPerPost().get("feedListStreamRenders")).isBetween(0.5, 2.0);
  }

  @Test
  void everyLogViewerGetsExactlyEveryLineInOrder() throws Exception {
    var spec = new LogsSpec(3, 2, 150, 200, Duration.ofSeconds(2));

    var result =
        new LogsScenario(1).run("millrace", server.settings(), server.base(), server.pid(), spec);

    assertThat(result.linesAppended()).isGreaterThanOrEqualTo(200);
    assertThat(result.appendsFailed()).isZero();
    assertThat(result.deliveries()).isEqualTo(result.linesAppended() * 2);
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.reordered()).isZero();
  }
}
