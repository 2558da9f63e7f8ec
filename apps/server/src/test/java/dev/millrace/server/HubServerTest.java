package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.millrace.hub.HistoryLimits;
import dev.millrace.hub.HubOptions;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's Mercure hub on the embedded default (and its history on JetStream), read by a
 * third-party EventSource client (LaunchDarkly's okhttp-eventsource) and published to as the
 * Symfony component does (a plain form POST with a bearer JWT): no Mercure publisher library for
 * Java is on Maven Central here.
 */
class HubServerTest {

  private static final String KEY = "server-hub-test-key-0123456789abcdef-0123";
  private static final String NATS_URL = "nats://127.0.0.1:4222";

  /** Nodes on NATS must share a signing key; any 32 random bytes do for one node. */
  private static final String SIGNING_KEY =
      "5f1c0e9a7b3d42c8a6e4f2019d8b7c6a5e4d3c2b1a09f8e7d6c5b4a392817060";

  private static final HistoryLimits THREE = new HistoryLimits(3, Duration.ofHours(24));

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<EventSource> sources = new CopyOnWriteArrayList<>();
  private final List<Thread> readers = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (EventSource source : sources) {
      source.close();
    }
    for (Thread reader : readers) {
      reader.join(5000);
    }
  }

  @Test
  void historySurvivesARestartAndAnEventSourceResumesExactly() throws Exception {
    var config =
        ServerConfig.embedded("127.0.0.1", 0, dataDir)
            .withMockRunner(false)
            .withHub(HubOptions.DEFAULTS.withPublisherJwtKey(KEY).withAnonymous(true));
    String first;
    String second;
    try (var server = MillraceServer.start(config)) {
      var live = new CopyOnWriteArrayList<MessageEvent>();
      listen(server, "urn:restart", null, live);
      first = publish(server, "urn:restart", "one");
      second = publish(server, "urn:restart", "two");
      await().atMost(Duration.ofSeconds(20)).until(() -> live.size() == 2);
      assertThat(live).extracting(MessageEvent::getLastEventId).containsExactly(first, second);
      assertThat(live).extracting(MessageEvent::getData).containsExactly("one", "two");
      publish(server, "urn:restart", "three");
      await().atMost(Duration.ofSeconds(20)).until(() -> live.size() == 3);
      sources.forEach(EventSource::close);
      sources.clear();
    }

    try (var server = MillraceServer.start(config)) {
      var resumed = new CopyOnWriteArrayList<MessageEvent>();
      listen(server, "urn:restart", first, resumed);
      await().atMost(Duration.ofSeconds(20)).until(() -> resumed.size() == 2);
      assertThat(resumed).extracting(MessageEvent::getData).containsExactly("two", "three");
      assertThat(resumed.getFirst().getLastEventId()).isEqualTo(second);

      var header =
          http.send(
              HttpRequest.newBuilder(uri(server, "/.well-known/mercure?topic=urn:restart"))
                  .header("Last-Event-ID", first)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(header.headers().firstValue("Last-Event-ID")).contains(first);
      header.body().close();

      publish(server, "urn:restart", "four");
      await().atMost(Duration.ofSeconds(20)).until(() -> resumed.size() == 3);
      assertThat(resumed.getLast().getData()).isEqualTo("four");
    }
  }

  @Test
  void aRestartedHubResumesFromItsJournalWithOnlyTheNewestUpdatesTheHistoryKeeps()
      throws Exception {
    var config = ServerConfig.embedded("127.0.0.1", 0, dataDir).withMockRunner(false);
    restartAfterMoreUpdatesThanTheHistoryKeeps(
        config,
        server -> {
          try (var files = Files.list(dataDir.resolve(PubSub.HUB_JOURNAL_DIR))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                .as("the embedded hub's store is its journal")
                .anyMatch(name -> name.endsWith(".journal"));
          }
        });
  }

  @Test
  void aRestartedHubReadsBackOnlyTheNewestUpdatesThatItsJetStreamKeeps() throws Exception {
    String prefix = "hub-history-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir).withMockRunner(false);
    var config =
        new ServerConfig(
            embedded.host(),
            embedded.port(),
            embedded.publicUrl(),
            embedded.storage(),
            new MessagingConfig(NATS_URL, prefix, MessagingConfig.randomNodeId()),
            new AccessConfig(null, null, null, SIGNING_KEY, false),
            embedded.hub(),
            embedded.mockRunner(),
            embedded.stepLogCapBytes(),
            embedded.stepTimeout(),
            embedded.transport());
    String hubStream = JetStreamPubSubOptions.forPrefix(prefix + "-hub").streamName();
    try {
      restartAfterMoreUpdatesThanTheHistoryKeeps(
          config,
          server -> {
            try (var connection = Nats.connect(NATS_URL)) {
              var state = connection.jetStreamManagement().getStreamInfo(hubStream);
              assertThat(state.getStreamState().getMsgCount())
                  .isEqualTo(PubSub.hubStoreCount(THREE));
            }
          });
    } finally {
      deleteStreams(hubStream, JetStreamPubSubOptions.forPrefix(prefix).streamName());
    }
  }

  private static void deleteStreams(String... streams) throws Exception {
    try (var connection = Nats.connect(NATS_URL)) {
      for (String stream : streams) {
        try {
          connection.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException e) {
          // never created
        }
      }
    }
  }

  /**
   * Publishes more updates than the history keeps, restarts the server, checks its store, then
   * resumes from {@code earliest}: exactly the newest updates, then a live one.
   */
  private void restartAfterMoreUpdatesThanTheHistoryKeeps(ServerConfig base, StoreCheck check)
      throws Exception {
    var config =
        base.withHub(
            HubOptions.DEFAULTS.withPublisherJwtKey(KEY).withAnonymous(true).withHistory(THREE));
    var sent = new ArrayList<String>();
    try (var server = MillraceServer.start(config)) {
      for (int i = 0; i < 10; i++) {
        sent.add(publish(server, "urn:capped", "u" + i));
      }
    }

    try (var server = MillraceServer.start(config)) {
      var resumed = new CopyOnWriteArrayList<MessageEvent>();
      listen(server, "urn:capped", "earliest", resumed); // open once the hub has read its history
      check.verify(server);
      String live = publish(server, "urn:capped", "live");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> resumed.stream().anyMatch(event -> event.getLastEventId().equals(live)));
      assertThat(resumed)
          .extracting(MessageEvent::getLastEventId)
          .containsExactly(sent.get(7), sent.get(8), sent.get(9), live);
    }
  }

  @FunctionalInterface
  private interface StoreCheck {
    void verify(MillraceServer server) throws Exception;
  }

  @Test
  void theOldHubRouteIsGone() throws Exception {
    try (var server =
        MillraceServer.start(
            ServerConfig.embedded("127.0.0.1", 0, dataDir).withMockRunner(false))) {
      var old =
          http.send(
              HttpRequest.newBuilder(uri(server, "/hub/news")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(old.statusCode()).isEqualTo(404);
      var refused =
          http.send(
              HttpRequest.newBuilder(uri(server, "/.well-known/mercure"))
                  .POST(HttpRequest.BodyPublishers.ofString("topic=urn:a"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("\"error\":\"forbidden\"");
    }
  }

  private void listen(
      MillraceServer server, String topic, String lastEventId, List<MessageEvent> into) {
    var builder =
        new EventSource.Builder(
                ConnectStrategy.http(uri(server, "/.well-known/mercure?topic=" + encode(topic)))
                    .connectTimeout(5, TimeUnit.SECONDS))
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .logger(LDLogger.none());
    if (lastEventId != null) {
      builder.lastEventId(lastEventId);
    }
    var source = builder.build();
    sources.add(source);
    readers.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  for (StreamEvent event : source.anyEvents()) {
                    if (event instanceof MessageEvent message) {
                      into.add(message);
                    }
                  }
                }));
    await().atMost(Duration.ofSeconds(10)).until(() -> source.getState().name().equals("OPEN"));
  }

  private String publish(MillraceServer server, String topic, String data) throws Exception {
    var jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder().claim("mercure", Map.of("publish", List.of("*"))).build());
    jwt.sign(new MACSigner(KEY.getBytes(StandardCharsets.UTF_8)));
    var response =
        http.send(
            HttpRequest.newBuilder(uri(server, "/.well-known/mercure"))
                .header("Authorization", "Bearer " + jwt.serialize())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "topic=" + encode(topic) + "&data=" + encode(data)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static URI uri(MillraceServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
