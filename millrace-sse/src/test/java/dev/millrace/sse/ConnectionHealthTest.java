package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.StateAdapter;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dead and stuck peers are detected and cleaned up; streams are never compressed. */
class ConnectionHealthTest {

  private static final int SOCKET_BUFFER = 16 * 1024;

  @Test
  void closesAConnectionWhoseWriteQueueStaysFull() {
    var meters = new SimpleMeterRegistry();
    var adapter = new StateAdapter(false);
    adapter.state.put("a", "x");
    var options =
        SseOptions.DEFAULTS
            .withWriteQueueBytes(16 * 1024)
            .withHeartbeat(Duration.ofMillis(200))
            .withStallTimeout(Duration.ofMillis(600));
    try (var pubsub = InProcessPubSub.create();
        var server = new TestServer(new HttpServerOptions().setSendBufferSize(SOCKET_BUFFER));
        var sse = SseRouter.create(server.vertx, pubsub, meters, options);
        var healthy = new SseClient(server.vertx, server.port());
        var slow =
            new SseClient(
                server.vertx,
                server.port(),
                1,
                new HttpClientOptions().setReceiveBufferSize(SOCKET_BUFFER))) {
      server.router.get("/state").handler(sse.handler("state", adapter));
      var fine = healthy.open("/state?keys=a");
      var stuck = slow.open("/state?keys=a");
      await().until(() -> fine.events.size() == 1 && stuck.events.size() == 1);
      stuck.pause();

      String big = "y".repeat(64 * 1024);
      for (int i = 0; i < 40; i++) {
        adapter.state.put("a", big + i);
        pubsub.publish("state", StateAdapter.changed("a")).join();
        String expected = big + i;
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .until(() -> fine.data().getLast().equals(expected));
      }

      await().until(() -> meters.get("millrace.sse.slow.closes").counter().count() == 1);
      await().until(() -> sse.connections() == 1);
      await().until(() -> fine.data().getLast().equals(big + 39));
      assertThat(fine.ended()).isFalse();
      assertThat(fine.comments()).as("heartbeats").isPositive();
    }
  }

  @Test
  void neverCompressesAStreamEvenWhenTheServerCompresses() {
    var adapter = new StateAdapter(false);
    adapter.state.put("a", "z".repeat(4096));
    try (var pubsub = InProcessPubSub.create();
        var server = new TestServer(new HttpServerOptions().setCompressionSupported(true));
        var sse = SseRouter.create(server.vertx, pubsub, new SimpleMeterRegistry());
        var client = new SseClient(server.vertx, server.port())) {
      server.router.get("/state").handler(sse.handler("state", adapter));
      var stream = client.open("/state?keys=a", "Accept-Encoding", "gzip, deflate");
      await().until(() -> stream.events.size() == 1);
      assertThat(stream.headers().get("Content-Encoding")).isNull();
      assertThat(stream.data()).isEqualTo(List.of("z".repeat(4096)));
    }
  }
}
