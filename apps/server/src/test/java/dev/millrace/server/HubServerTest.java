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
import dev.millrace.hub.HubOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's Mercure hub on the embedded default, read by a third-party EventSource client
 * (LaunchDarkly's okhttp-eventsource) and published to as the Symfony component does (a plain form
 * POST with a bearer JWT): no Mercure publisher library for Java is on Maven Central here.
 */
class HubServerTest {

  private static final String KEY = "server-hub-test-key-0123456789abcdef-0123";

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
