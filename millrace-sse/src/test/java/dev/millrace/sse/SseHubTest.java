package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseHubTest {

  private static final String TOKEN = "s3cret-token";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TestServer server;
  private SseHub hub;
  private SseClient client;
  private HttpClient http;

  @BeforeEach
  void start() {
    server = new TestServer();
    hub =
        SseHub.create(server.vertx, meters, HubOptions.DEFAULTS.withToken(TOKEN).withReplaySize(5));
    server.router.route("/hub/:topic").handler(hub);
    client = new SseClient(server.vertx, server.port(), 8);
    http = server.vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    client.close();
    hub.close();
    server.close();
  }

  @Test
  void streamsWhatIsPublishedWithSequenceIds() throws Exception {
    var stream = client.open("/hub/news");
    await().until(() -> hub.connections() == 1);

    String first = post("/hub/news", "Bearer " + TOKEN, "first");
    String second = post("/hub/news", "Bearer " + TOKEN, "line 1\nline 2");
    hub.publish("other", "not for this stream");

    assertThat(first).matches("200 \\{\"id\":\"\\d+\"}");
    long id = Long.parseLong(first.replaceAll("\\D", "").substring(3));
    assertThat(second).isEqualTo("200 {\"id\":\"" + (id + 1) + "\"}");
    await().until(() -> stream.events.size() == 2);
    assertThat(stream.events)
        .containsExactly(
            new Event(Long.toString(id), "message", "first"),
            new Event(Long.toString(id + 1), "message", "line 1\nline 2"));
  }

  @Test
  void replaysWhatAClientMissedAfterLastEventId() {
    long[] ids = new long[11];
    for (int i = 1; i <= 8; i++) {
      ids[i] = hub.publish("log", "event " + i);
    }
    assertThat(ids[8] - ids[1]).isEqualTo(7);
    var resumed = client.open("/hub/log", "Last-Event-ID", Long.toString(ids[5]));
    var fresh = client.open("/hub/log");
    await().until(() -> resumed.events.size() == 3 && hub.connections() == 2);
    ids[9] = hub.publish("log", "event 9");

    await().until(() -> resumed.events.size() == 4 && fresh.events.size() == 1);
    assertThat(resumed.data()).containsExactly("event 6", "event 7", "event 8", "event 9");
    assertThat(fresh.events)
        .containsExactly(new Event(Long.toString(ids[9]), "message", "event 9"));
  }

  @Test
  void tellsAClientThatHistoryDoesNotReachBackToItsId() {
    long[] ids = new long[11];
    for (int i = 1; i <= 9; i++) {
      ids[i] = hub.publish("log", "event " + i);
    }
    // The ring holds events 5 to 9: event 4 is the oldest a client may have seen last.
    var covered = client.open("/hub/log", "Last-Event-ID", Long.toString(ids[4]));
    var old = client.open("/hub/log", "Last-Event-ID", Long.toString(ids[3]));
    var unknown = client.open("/hub/log", "Last-Event-ID", "not-an-id");
    var future = client.open("/hub/log", "Last-Event-ID", Long.toString(ids[9] + 5));
    await().until(() -> hub.connections() == 4);
    ids[10] = hub.publish("log", "event 10");

    await().until(() -> covered.events.size() == 6);
    assertThat(covered.data().getFirst()).isEqualTo("event 5");
    var reset = new Event(Long.toString(ids[9]), "reset", "");
    var live = new Event(Long.toString(ids[10]), "message", "event 10");
    for (var stream : List.of(old, unknown, future)) {
      await().until(() -> stream.events.size() == 2);
      assertThat(stream.events).containsExactly(reset, live);
    }
  }

  @Test
  void aNewEventSourceResumesWithTheLastEventIdQueryParameter() {
    long[] ids = new long[5];
    for (int i = 1; i <= 4; i++) {
      ids[i] = hub.publish("resume", "event " + i);
    }
    var resumed = client.open("/hub/resume?lastEventId=" + ids[2]);
    await().untilAsserted(() -> assertThat(resumed.data()).as("%s", resumed).hasSize(2));
    assertThat(resumed.data()).containsExactly("event 3", "event 4");

    var headerWins =
        client.open("/hub/resume?lastEventId=" + ids[1], "Last-Event-ID", Long.toString(ids[3]));
    await().untilAsserted(() -> assertThat(headerWins.data()).as("%s", headerWins).hasSize(1));
    assertThat(headerWins.data()).containsExactly("event 4");
  }

  @Test
  void publishingNeedsTheBearerToken() throws Exception {
    assertThat(post("/hub/news", null, "x")).startsWith("401 ");
    assertThat(post("/hub/news", "Bearer wrong", "x")).startsWith("401 ");
    assertThat(post("/hub/news", "Basic " + TOKEN, "x")).startsWith("401 ");

    var closedHub = SseHub.create(server.vertx, meters, HubOptions.DEFAULTS);
    server.router.route("/closed/:topic").handler(closedHub);
    assertThat(post("/closed/news", "Bearer " + TOKEN, "x")).startsWith("403 ");
  }

  @Test
  void refusesMessagesAboveTheLimit() throws Exception {
    var big = "x".repeat(HubOptions.DEFAULT_MAX_MESSAGE_BYTES + 1);
    assertThat(post("/hub/news", "Bearer " + TOKEN, big)).startsWith("413 ");
  }

  @Test
  void closesASubscriberThatFallsTooFarBehindWhileOthersGetEverything() {
    var sse = SseOptions.DEFAULTS.withWriteQueueBytes(16 * 1024).withPendingEvents(8);
    var small = new HttpServerOptions().setSendBufferSize(16 * 1024);
    try (var tight = new TestServer(small);
        var fast = new SseClient(tight.vertx, tight.port(), 3);
        var slow =
            new SseClient(
                tight.vertx,
                tight.port(),
                1,
                new HttpClientOptions().setReceiveBufferSize(16 * 1024))) {
      var slowHub =
          SseHub.create(tight.vertx, meters, HubOptions.DEFAULTS.withSse(sse).withReplaySize(1000));
      tight.router.route("/hub/:topic").handler(slowHub);
      var others = List.of(fast.open("/hub/t"), fast.open("/hub/t"));
      var stuck = slow.open("/hub/t");
      await().until(() -> slowHub.connections() == 3 && stuck.status() == 200);
      stuck.pause();

      String data = "x".repeat(8 * 1024);
      long last = 0;
      for (int i = 1; i <= 300; i++) {
        last = slowHub.publish("t", data);
        int expected = i;
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .until(() -> others.stream().allMatch(s -> s.events.size() == expected));
      }

      await().until(() -> slowHub.connections() == 2);
      assertThat(meters.get("millrace.sse.slow.closes").counter().count()).isEqualTo(1);
      stuck.resume();
      await().until(stuck::ended);
      String lastId = stuck.events.getLast().id();
      var resumed = fast.open("/hub/t", "Last-Event-ID", lastId);
      String lastPublished = Long.toString(last);
      await()
          .until(
              () ->
                  !resumed.events.isEmpty() && resumed.events.getLast().id().equals(lastPublished));
      assertThat(resumed.events.getFirst().id())
          .isEqualTo(Long.toString(Long.parseLong(lastId) + 1));
      slowHub.close();
    }
  }

  private String post(String uri, String authorization, String body) throws Exception {
    var options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(server.port())
            .setURI(uri);
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    return http.request(options)
        .compose(
            request ->
                request
                    .send(Buffer.buffer(body))
                    .compose(r -> r.body().map(b -> r.statusCode() + " " + b)))
        .await(10, TimeUnit.SECONDS);
  }
}
