package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.SseOptions;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.StateAdapter;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One key watched by 1,000 connections: one render per update, every connection receives it. */
@Tag("slow")
class FanOutTest {

  private static final int CONNECTIONS = 1_000;
  private static final int UPDATES = 5;

  @Test
  void rendersOncePerUpdateForAThousandConnections() {
    var meters = new SimpleMeterRegistry();
    var adapter = new StateAdapter(false);
    adapter.state.put("hot", "v0");
    try (var pubsub = InProcessPubSub.create();
        var server = new TestServer();
        var sse = new DefaultSseRouter(server.vertx, pubsub, meters, SseOptions.DEFAULTS);
        var client = new SseClient(server.vertx, server.port(), CONNECTIONS)) {
      server.router.get("/state").handler(sse.handler("state", adapter));

      List<SseClient.Stream> streams = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        streams.add(client.open("/state?keys=hot"));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> streams.stream().allMatch(s -> s.events.size() == 1));
      assertThat(adapter.renders).as("renders for 1,000 connects").hasValue(1);

      for (int update = 1; update <= UPDATES; update++) {
        adapter.state.put("hot", "v" + update);
        pubsub.publish("state", StateAdapter.changed("hot")).join();
        int expected = update + 1;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> streams.stream().allMatch(s -> s.events.size() == expected));
        assertThat(adapter.renders).as("renders after update %d", update).hasValue(expected);
      }

      for (var stream : streams) {
        assertThat(stream.data()).containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
      }
      assertThat(meters.get("millrace.sse.renders").counter().count()).isEqualTo(1 + UPDATES);
      assertThat(meters.get("millrace.sse.events.delivered").counter().count())
          .isEqualTo(CONNECTIONS * (1 + UPDATES));
      assertThat(meters.get("millrace.sse.connections").gauge().value()).isEqualTo(CONNECTIONS);
      assertThat(meters.get("millrace.sse.publish.to.write").timer().count()).isPositive();
    }
  }
}
