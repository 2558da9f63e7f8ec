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
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 10,000 streams opened and closed leave no connection, key or topic state behind. */
@Tag("slow")
class OpenCloseTest {

  private static final int TOTAL = 10_000;
  private static final int BATCH = 250;

  @Test
  void routerForgetsEveryClosedConnection() {
    var meters = new SimpleMeterRegistry();
    var adapter = new StateAdapter(true);
    for (int k = 0; k < 50; k++) {
      adapter.state.put("k" + k, "{}");
    }
    try (var pubsub = InProcessPubSub.create();
        var server = new TestServer();
        var sse = new DefaultSseRouter(server.vertx, pubsub, meters, SseOptions.DEFAULTS);
        var client = new SseClient(server.vertx, server.port(), BATCH)) {
      server.router.get("/state").handler(sse.handler("state", adapter));

      openAndClose(client, i -> "/state?keys=k" + (i % 50) + ",k" + ((i + 7) % 50), 2);

      await().until(() -> sse.connections() == 0);
      assertThat(sse.registeredConnections()).isZero();
      assertThat(sse.watchedKeys()).isZero();
      assertThat(meters.get("millrace.sse.connections").gauge().value()).isZero();
    }
  }

  private interface Paths {
    String path(int i);
  }

  /** Opens TOTAL streams, BATCH at a time; each batch is closed once every stream is open. */
  private static void openAndClose(SseClient client, Paths paths, int eventsWhenOpen) {
    for (int done = 0; done < TOTAL; done += BATCH) {
      List<SseClient.Stream> batch = new ArrayList<>(BATCH);
      for (int i = done; i < done + BATCH; i++) {
        batch.add(client.open(paths.path(i)));
      }
      Supplier<Boolean> open =
          () ->
              batch.stream().allMatch(s -> s.status() == 200 && s.events.size() >= eventsWhenOpen);
      await().atMost(Duration.ofSeconds(30)).until(open::get);
      batch.forEach(SseClient.Stream::close);
      await().atMost(Duration.ofSeconds(30)).until(() -> batch.stream().allMatch(s -> s.ended()));
    }
  }
}
