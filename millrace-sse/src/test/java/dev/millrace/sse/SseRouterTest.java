package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.StateAdapter;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseRouterTest {

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
            server.vertx,
            pubsub,
            meters,
            SseOptions.DEFAULTS
                .withHeartbeat(Duration.ofMillis(300))
                .withDrain(
                    new DrainOptions(
                        1, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofSeconds(1))));
    server.router.get("/state").handler(sse.handler("state", adapter));
    client = new SseClient(server.vertx, server.port(), 16);
    adapter.state.put("a", "{\"v\":1}");
    adapter.state.put("b", "{\"v\":10}");
  }

  @AfterEach
  void stop() {
    client.close();
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void streamsTheSnapshotThenEachUpdate() {
    var stream = client.open("/state?keys=a");
    await().until(() -> stream.events.size() == 1);
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.headers().get("Content-Type")).startsWith("text/event-stream");
    assertThat(stream.headers().get("Cache-Control")).isEqualTo("no-store");
    assertThat(stream.headers().get("X-Accel-Buffering")).isEqualTo("no");
    assertThat(stream.headers().get("Content-Encoding")).isIn(null, "identity");
    assertThat(stream.retry()).isEqualTo(3000);

    adapter.state.put("a", "{\"v\":2}");
    pubsub.publish("state", StateAdapter.changed("a")).join();

    await().until(() -> stream.events.size() == 2);
    assertThat(stream.events)
        .containsExactly(
            new Event(null, "data", "{\"v\":1}"), new Event(null, "data", "{\"v\":2}"));
  }

  @Test
  void watchesSeveralKeysOnOneConnection() {
    var named = new StateAdapter(true);
    named.state.putAll(adapter.state);
    server.router.get("/named").handler(sse.handler("state", named));
    var stream = client.open("/named?keys=a,b");
    await().until(() -> stream.events.size() == 2);

    named.state.put("b", "{\"v\":11}");
    pubsub.publish("state", StateAdapter.changed("b")).join();

    await().until(() -> stream.events.size() == 3);
    assertThat(stream.events.subList(0, 2))
        .containsExactlyInAnyOrder(
            new Event(null, "a", "{\"v\":1}"), new Event(null, "b", "{\"v\":10}"));
    assertThat(stream.events.get(2)).isEqualTo(new Event(null, "b", "{\"v\":11}"));
  }

  @Test
  void answersJsonWhenTheClientDoesNotAskForAStream() throws Exception {
    var http = server.vertx.createHttpClient();
    var one =
        http.request(get("/state?keys=a", "application/json"))
            .compose(
                request ->
                    request
                        .send()
                        .compose(
                            r ->
                                r.body()
                                    .map(
                                        body ->
                                            r.statusCode()
                                                + " "
                                                + r.getHeader("Content-Type")
                                                + " "
                                                + body)))
            .await(10, TimeUnit.SECONDS);
    assertThat(one).isEqualTo("200 application/json {\"v\":1}");

    var both =
        http.request(get("/state?keys=a,b", null))
            .compose(request -> request.send().compose(r -> r.body()))
            .await(10, TimeUnit.SECONDS);
    assertThat(both.toString()).isEqualTo("{\"a\":{\"v\":1},\"b\":{\"v\":10}}");
    assertThat(adapter.renders).hasValue(3);
  }

  @Test
  void refusesWithPlainHttpErrorsBeforeTheStream() throws Exception {
    var missing = client.open("/state?keys=nope");
    var bad = client.open("/state");
    var done = client.open("/state?done");
    await().until(() -> missing.ended() && bad.ended() && done.ended());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(missing.raw())
        .isEqualTo("{\"error\":\"not_found\",\"message\":\"no such key: nope\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(done.status()).isEqualTo(204);
    assertThat(missing.events).isEmpty();
  }

  @Test
  void sendsHeartbeatsOnIdleConnections() {
    var stream = client.open("/state?keys=a");
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.comments() >= 2);
  }

  @Test
  void drainTellsClientsToComeBackLaterAndClosesThem() throws Exception {
    var first = client.open("/state?keys=a");
    var second = client.open("/state?keys=b");
    await().until(() -> first.events.size() == 1 && second.events.size() == 1);

    sse.drain().await(10, TimeUnit.SECONDS);

    await().until(() -> first.ended() && second.ended());
    assertThat(first.retry()).isBetween(10_000L, 11_000L);
    assertThat(second.retry()).isBetween(10_000L, 11_000L);
    assertThat(sse.connections()).isZero();
    var late = client.open("/state?keys=a");
    await().until(late::ended);
    assertThat(late.status()).as("an EventSource must not give up").isEqualTo(200);
    assertThat(late.retry()).isBetween(10_000L, 11_000L);
    assertThat(late.events).isEmpty();
    assertThat(sse.connections()).isZero();
  }

  @Test
  void drainAnswersJsonRequestsWith503() throws Exception {
    sse.drain().await(10, TimeUnit.SECONDS);

    var late = client.open("/state?keys=a", "Accept", "application/json");
    await().until(late::ended);
    assertThat(late.status()).isEqualTo(503);
    assertThat(late.headers().get("Retry-After")).isEqualTo("10");
  }

  private RequestOptions get(String uri, String accept) {
    var options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(server.port())
            .setURI(uri);
    if (accept != null) {
      options.putHeader("Accept", accept);
    }
    return options;
  }
}
