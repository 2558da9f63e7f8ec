package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.StateAdapter;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A state key that changes faster than its minimum render interval renders at most once per
 * interval, and its clients still end on the newest state.
 */
class RenderIntervalTest {

  private static final Duration INTERVAL = Duration.ofMillis(100);

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StateAdapter adapter = new StateAdapter(false);
  private TestServer server;
  private SseRouter sse;
  private SseClient client;

  @BeforeEach
  void start() {
    server = new TestServer();
    sse =
        SseRouter.create(
            server.vertx, pubsub, meters, SseOptions.DEFAULTS.withMinRenderInterval(INTERVAL));
    server.router.get("/state").handler(sse.handler("state", adapter));
    client = new SseClient(server.vertx, server.port(), 4);
    adapter.state.put("a", "{\"v\":0}");
  }

  @AfterEach
  void stop() {
    client.close();
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void aKeyChangingFasterThanTheIntervalRendersOncePerIntervalAndEndsOnTheNewest() {
    var stream = client.open("/state?keys=a");
    await().until(() -> stream.events.size() == 1);
    double rendersBefore = renders();

    long start = System.nanoTime();
    for (int v = 1; v <= 200; v++) {
      adapter.state.put("a", "{\"v\":" + v + "}");
      pubsub.publish("state", StateAdapter.changed("a")).join();
    }
    await().until(() -> stream.events.getLast().equals(new Event(null, "data", "{\"v\":200}")));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    double renders = renders() - rendersBefore;
    // One render at once, then at most one per interval while the changes last, plus the last.
    assertThat(renders).isLessThanOrEqualTo(elapsedMillis / INTERVAL.toMillis() + 2);
    assertThat(renders).isLessThan(200);
    assertThat(meters.counter("millrace.sse.renders.deferred", "handler", "StateAdapter").count())
        .isPositive();
  }

  @Test
  void aQuietKeyRendersItsNextChangeAtOnce() {
    var stream = client.open("/state?keys=a");
    await().until(() -> stream.events.size() == 1);
    adapter.state.put("a", "{\"v\":1}");
    pubsub.publish("state", StateAdapter.changed("a")).join();
    await().until(() -> stream.events.size() == 2);

    assertThat(meters.counter("millrace.sse.renders.deferred", "handler", "StateAdapter").count())
        .as("the first change after a quiet spell waits for nothing")
        .isZero();
  }

  private double renders() {
    return meters.counter("millrace.sse.renders", "handler", "StateAdapter").count();
  }
}
