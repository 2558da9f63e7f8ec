package dev.millrace.bench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.bench.server.AppServerTarget;
import dev.millrace.bench.server.FeedsHost;
import dev.millrace.bench.server.ServerLaunch;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4, scaled down: the feeds load against {@link FeedsHost} rendering per connection and
 * rendering once. Both deliver every post to every client; rendering per connection renders about
 * once per client per post, rendering once about once per stream kind.
 */
@Tag("slow")
class RenderPerConnectionTest {

  private static final int CLIENTS = 20;
  private static final FeedsSpec SPEC = new FeedsSpec(CLIENTS, CLIENTS, 5, Duration.ofSeconds(2));

  @Test
  void perConnectionRendersOncePerClientAndRenderOnceOncePerStream() throws Exception {
    var perConnection = run(FeedsHost.Rendering.PER_CONNECTION);
    var once = run(FeedsHost.Rendering.ONCE);

    for (var result : List.of(perConnection, once)) {
      assertThat(result.posts()).isGreaterThanOrEqualTo(8);
      assertThat(result.postsFailed()).isZero();
      assertThat(result.allFinal()).isTrue();
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      assertThat(result.reordered()).isZero();
    }
    assertThat(perConnection.rendersPerPost().get("feedStreamRenders"))
        .isGreaterThanOrEqualTo(CLIENTS / 2.0);
    assertThat(perConnection.rendersPerPost().get("feedListStreamRenders"))
        .isGreaterThanOrEqualTo(CLIENTS / 2.0);
    assertThat(once.rendersPerPost().get("feedStreamRenders")).isBetween(0.5, 2.0);
    assertThat(once.rendersPerPost().get("feedListStreamRenders")).isBetween(0.5, 2.0);
    assertThat(once.rendersPerPost().get("sseFeedRenders")).isBetween(0.5, 2.0);
    assertThat(RenderRatios.of(perConnection, once).rendersPerPostRatio())
        .isGreaterThanOrEqualTo(CLIENTS / 4.0);
  }

  private static FeedsResult run(FeedsHost.Rendering rendering) throws Exception {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (var server =
        AppServerTarget.startFeedsHost(
            ServerLaunch.of(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
            Files.createTempDirectory("millrace-bench-feeds-test-"),
            port,
            rendering)) {
      return new FeedsScenario(1)
          .run(server.name(), server.settings(), server.base(), server.pid(), SPEC);
    }
  }
}
