package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.FaultEvent;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import io.vertx.core.http.HttpConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub read by a third-party EventSource client (LaunchDarkly's okhttp-eventsource): events,
 * names and ids as Mercure clients expect, and reconnection with {@code Last-Event-ID} after the
 * server drops the connection.
 */
class EventSourceTest {

  private final List<HttpConnection> serverConnections = new CopyOnWriteArrayList<>();
  private final List<StreamEvent> received = new CopyOnWriteArrayList<>();
  private final HubFixture fixture;
  private final String publisher = Jwts.publisher(List.of("*"));
  private EventSource source;
  private Thread reader;

  EventSourceTest() {
    fixture =
        new HubFixture(
            HubFixture.OPTIONS
                .withAnonymous(true)
                .withSse(HubOptions.DEFAULTS.sse().withRetry(Duration.ofMillis(50))));
    fixture
        .server
        .router
        .route()
        .order(-1)
        .handler(
            context -> {
              if (context.request().method() == io.vertx.core.http.HttpMethod.GET) {
                serverConnections.add(context.request().connection());
              }
              context.next();
            });
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
      reader.join(5000);
    }
    fixture.close();
  }

  @Test
  void readsUpdatesAndResumesAfterTheServerDropsTheConnection() {
    connect("/.well-known/mercure?" + topics("urn:interop", "urn:{x}"));
    await().until(() -> fixture.hub.connections() == 1);
    post("topic", "urn:interop", "data", "first");
    await().until(() -> messages().size() == 1);
    // okhttp-eventsource, unlike browsers, ignores the id of the stream's opening id-only frame:
    // it resumes from the last update it received.
    serverConnections.forEach(HttpConnection::close);
    post("topic", "urn:interop", "data", "missed while away");
    await().until(() -> started() >= 2 && fixture.hub.connections() == 1);

    post("topic", "urn:interop", "data", "lf\ncr\rcrlf\r\nend", "type", "custom");
    post("topic", "urn:other", "data", "unicode 世界 🚀 and : colons", "id", "given");
    await().until(() -> messages().size() == 4);
    assertThat(messages().subList(1, 4))
        .extracting(MessageEvent::getData)
        .containsExactly("missed while away", "lf\ncr\ncrlf\nend", "unicode 世界 🚀 and : colons");
    assertThat(messages().subList(1, 4))
        .extracting(MessageEvent::getEventName)
        .containsExactly("message", "custom", "message");
    assertThat(messages().getLast().getLastEventId()).isEqualTo("given");

    serverConnections.forEach(HttpConnection::close);
    post("topic", "urn:interop", "data", "missed 4");
    post("topic", "urn:interop", "data", "missed 5");
    await().until(() -> started() >= 3 && fixture.hub.connections() == 1);
    post("topic", "urn:interop", "data", "live 6");

    await().until(() -> messages().size() == 7);
    assertThat(messages().subList(4, 7))
        .extracting(MessageEvent::getData)
        .containsExactly("missed 4", "missed 5", "live 6");
    assertThat(messages()).extracting(MessageEvent::getLastEventId).doesNotHaveDuplicates();
    assertThat(received).filteredOn(FaultEvent.class::isInstance).isNotEmpty();
  }

  private void post(String... fields) {
    assertThat(fixture.post(publisher, fields).statusCode()).isEqualTo(200);
  }

  private long started() {
    return received.stream().filter(StartedEvent.class::isInstance).count();
  }

  private void connect(String path) {
    source =
        new EventSource.Builder(
                ConnectStrategy.http(URI.create(fixture.url(path)))
                    .connectTimeout(5, TimeUnit.SECONDS))
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(50, TimeUnit.MILLISECONDS)
            .streamEventData(false)
            .logger(LDLogger.none())
            .build();
    reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (StreamEvent event : source.anyEvents()) {
                    received.add(event);
                  }
                });
  }

  private List<MessageEvent> messages() {
    return received.stream()
        .filter(MessageEvent.class::isInstance)
        .map(MessageEvent.class::cast)
        .toList();
  }
}
