package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.LogAdapter;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.StateAdapter;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failed render is retried, then its connections are closed to resume: never a silent gap. */
class RenderFailureTest {

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StateAdapter state = new StateAdapter(false);
  private final LogAdapter log = new LogAdapter();
  private TestServer server;
  private SseRouter sse;
  private SseClient client;

  @BeforeEach
  void start() {
    server = new TestServer();
    var options =
        SseOptions.DEFAULTS
            .withRenderAttempts(3)
            .withRenderBackoff(Duration.ofMillis(10))
            .withDrain(
                new DrainOptions(
                    10, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(100)));
    sse = SseRouter.create(server.vertx, pubsub, meters, options);
    server.router.get("/state").handler(sse.handler("state", state));
    server.router.get("/log").handler(sse.handler("log", log));
    client = new SseClient(server.vertx, server.port(), 8);
    state.state.put("a", "v1");
  }

  @AfterEach
  void stop() {
    client.close();
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void aRenderThatFailsOnceIsRetriedAndDelivered() {
    var stream = client.open("/state?keys=a");
    await().until(() -> stream.events.size() == 1);

    state.state.put("a", "v2");
    state.failures.set(2);
    pubsub.publish("state", StateAdapter.changed("a")).join();

    await().until(() -> stream.events.size() == 2);
    assertThat(stream.data()).containsExactly("v1", "v2");
    assertThat(stream.ended()).isFalse();
    assertThat(failures()).isZero();
  }

  @Test
  void replayClientsAreClosedWhenEveryAttemptFailsAndResumeWithoutLoss() {
    var stream = client.open("/log");
    await().until(() -> sse.connections() == 1);
    append("line 1", "line 2", "line 3");
    await().until(() -> stream.events.size() == 3);

    log.failures.set(3);
    append("line 4");

    await().until(stream::ended);
    assertThat(failures()).isEqualTo(1);
    assertThat(stream.retry()).as("a jittered retry: before the close").isBetween(200L, 300L);
    assertThat(stream.data()).containsExactly("line 1", "line 2", "line 3");
    var resumed = client.open("/log", "Last-Event-ID", stream.events.getLast().id());
    await().until(() -> resumed.events.size() == 1);
    append("line 5");
    await().until(() -> resumed.events.size() == 2);
    assertThat(resumed.data()).containsExactly("line 4", "line 5");
  }

  @Test
  void latestClientsAreClosedAndNewOnesNeverGetTheStaleSnapshot() {
    var first = client.open("/state?keys=a");
    await().until(() -> first.events.size() == 1);

    state.state.put("a", "v2");
    state.failures.set(3);
    pubsub.publish("state", StateAdapter.changed("a")).join();

    await().until(first::ended);
    assertThat(failures()).isEqualTo(1);
    assertThat(first.data()).containsExactly("v1");
    var next = client.open("/state?keys=a");
    await().until(() -> next.events.size() == 1);
    assertThat(next.data()).containsExactly("v2");
  }

  private void append(String... lines) {
    log.append(lines);
    pubsub.publish("log", LogAdapter.changed()).join();
  }

  private double failures() {
    return meters.find("millrace.sse.render.failures").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
