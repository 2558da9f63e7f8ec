package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feeds app's resources on the server's Mercure hub, followed as any Mercure client would: find
 * the hub and the topic in a resource's {@code Link} headers, subscribe there (okhttp-eventsource,
 * anonymously), change the resource through the API, receive its update.
 */
class FeedsHubTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern LINK = Pattern.compile("<([^>]*)>;\\s*rel=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<EventSource> sources = new CopyOnWriteArrayList<>();
  private final List<Thread> readers = new CopyOnWriteArrayList<>();
  private MillraceServer server;

  @AfterEach
  void stop() throws Exception {
    sources.forEach(EventSource::close);
    for (Thread reader : readers) {
      reader.join(5000);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFeedAndTheFeedListAdvertiseTheHubWhichCarriesTheirUpdates() throws Exception {
    server = MillraceServer.start(config());
    createPost("first #alpha");
    await().atMost(WAIT).until(() -> get("/api/feeds/alpha").statusCode() == 200);

    var feedLinks = links(get("/api/feeds/alpha"));
    var listLinks = links(get("/api/feeds"));
    var base = "http://127.0.0.1:" + server.port();
    assertThat(feedLinks)
        .containsEntry("mercure", base + "/.well-known/mercure")
        .containsEntry("self", base + "/api/feeds/alpha");
    assertThat(listLinks)
        .containsEntry("mercure", base + "/.well-known/mercure")
        .containsEntry("self", base + "/api/feeds");
    var feed = subscribe(feedLinks.get("mercure"), feedLinks.get("self"));
    var list = subscribe(listLinks.get("mercure"), listLinks.get("self"));

    var second = createPost("second #alpha and #beta");

    var feedUpdate = awaitEvent(feed, "urn:millrace:feeds:feed:alpha:" + second + ":1");
    assertThat(json(feedUpdate))
        .isEqualTo(json("{\"feed\":\"alpha\",\"changed_posts\":[\"" + second + "\"]}"));
    var listUpdate = awaitEvent(list, "urn:millrace:feeds:list:" + second + ":1");
    assertThat(json(listUpdate))
        .isEqualTo(json("{\"changed_feeds\":[\"all-posts\",\"alpha\",\"beta\"]}"));
  }

  @Test
  void anEditedPostIsUpdatedOnItsTopicUnderTheConfiguredPublicUrl() throws Exception {
    server = MillraceServer.start(config().withPublicUrl("https://feeds.example.com/"));
    var id = createPost("to be edited #gamma");
    await().atMost(WAIT).until(() -> get("/api/posts/" + id).statusCode() == 200);

    var postLinks = links(get("/api/posts/" + id));
    assertThat(postLinks)
        .containsEntry("mercure", "https://feeds.example.com/.well-known/mercure")
        .containsEntry("self", "https://feeds.example.com/api/posts/" + id);
    var hubOfThisNode = "http://127.0.0.1:" + server.port() + "/.well-known/mercure";
    var post = subscribe(hubOfThisNode, postLinks.get("self"));
    var feed = subscribe(hubOfThisNode, "https://feeds.example.com/api/feeds/gamma");

    var edit =
        send(
            HttpRequest.newBuilder(uri("/api/posts/" + id))
                .header("Content-Type", "application/json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"Edited\",\"content\":\"edited #gamma\",\"version\":1}")));
    assertThat(edit.statusCode()).as(edit.body()).isEqualTo(204);

    var postUpdate = awaitEvent(post, "urn:millrace:feeds:post:" + id + ":2");
    assertThat(json(postUpdate)).isEqualTo(json("{\"post\":\"" + id + "\",\"version\":2}"));
    var feedUpdate = awaitEvent(feed, "urn:millrace:feeds:feed:gamma:" + id + ":2");
    assertThat(json(feedUpdate))
        .isEqualTo(json("{\"feed\":\"gamma\",\"changed_posts\":[\"" + id + "\"]}"));
  }

  private ServerConfig config() {
    return ServerConfig.embedded("127.0.0.1", 0, dataDir)
        .withMockRunner(false)
        .withHub(HubOptions.DEFAULTS.withAnonymous(true));
  }

  private String createPost(String content) throws Exception {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/posts"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"Hub\",\"content\":\"" + content + "\",\"author\":\"T\"}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).get("id").asText();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json"));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The response's {@code Link} headers by relation. */
  private static Map<String, String> links(HttpResponse<?> response) {
    return response.headers().allValues("Link").stream()
        .map(LINK::matcher)
        .filter(java.util.regex.Matcher::matches)
        .collect(Collectors.toMap(m -> m.group(2), m -> m.group(1)));
  }

  /** Events of a new subscription to {@code topic}, once the hub answered. */
  private List<MessageEvent> subscribe(String hubUrl, String topic) {
    var events = new CopyOnWriteArrayList<MessageEvent>();
    var url = hubUrl + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    var source =
        new EventSource.Builder(
                ConnectStrategy.http(URI.create(url)).connectTimeout(5, TimeUnit.SECONDS))
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .logger(LDLogger.none())
            .build();
    sources.add(source);
    readers.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  for (StreamEvent event : source.anyEvents()) {
                    if (event instanceof MessageEvent message) {
                      events.add(message);
                    }
                  }
                }));
    await().atMost(WAIT).until(() -> source.getState().name().equals("OPEN"));
    return events;
  }

  private static String awaitEvent(List<MessageEvent> events, String id) {
    await()
        .atMost(WAIT)
        .until(() -> events.stream().anyMatch(event -> event.getLastEventId().equals(id)));
    return events.stream()
        .filter(event -> event.getLastEventId().equals(id))
        .findFirst()
        .orElseThrow()
        .getData();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
