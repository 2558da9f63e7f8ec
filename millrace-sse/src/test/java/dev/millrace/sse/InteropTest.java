package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.FaultEvent;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our wire format, read by a third-party client: LaunchDarkly's okhttp-eventsource. */
class InteropTest {

  private final List<HttpConnection> serverConnections = new CopyOnWriteArrayList<>();
  private final List<StreamEvent> received = new CopyOnWriteArrayList<>();
  private TestServer server;
  private SseHub hub;
  private EventSource source;
  private Thread reader;

  @BeforeEach
  void start() {
    server = new TestServer();
    var sse = SseOptions.DEFAULTS.withRetry(Duration.ofMillis(50));
    hub = SseHub.create(server.vertx, new SimpleMeterRegistry(), HubOptions.DEFAULTS.withSse(sse));
    server
        .router
        .route("/hub/:topic")
        .handler(
            ctx -> {
              serverConnections.add(ctx.request().connection());
              ctx.next();
            });
    server.router.route("/hub/:topic").handler(hub);
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
      reader.join(5000);
    }
    hub.close();
    server.close();
  }

  @Test
  void aThirdPartyClientReadsEventsAndResumesWithLastEventId() {
    connect("/hub/interop");
    await().until(() -> hub.connections() == 1);
    long first = hub.publish("interop", "plain");
    hub.publish("interop", "lf\ncr\rcrlf\r\nend");
    hub.publish("interop", "");
    hub.publish("interop", "unicode 世界 🚀 and : colons");
    await().until(() -> messages().size() == 4);
    assertThat(messages())
        .extracting(MessageEvent::getData)
        .containsExactly("plain", "lf\ncr\ncrlf\nend", "", "unicode 世界 🚀 and : colons");
    assertThat(messages())
        .extracting(MessageEvent::getLastEventId)
        .containsExactly(
            Long.toString(first),
            Long.toString(first + 1),
            Long.toString(first + 2),
            Long.toString(first + 3));
    assertThat(messages()).extracting(MessageEvent::getEventName).containsOnly("message");

    // The server drops the connection; events published meanwhile are replayed on reconnect.
    serverConnections.forEach(HttpConnection::close);
    hub.publish("interop", "missed 5");
    hub.publish("interop", "missed 6");
    await().until(() -> serverConnections.size() >= 2 && hub.connections() == 1);
    hub.publish("interop", "live 7");

    await().until(() -> messages().size() == 7);
    assertThat(messages().subList(4, 7))
        .extracting(MessageEvent::getData)
        .containsExactly("missed 5", "missed 6", "live 7");
    assertThat(messages()).extracting(MessageEvent::getLastEventId).doesNotHaveDuplicates();
    assertThat(received).filteredOn(StartedEvent.class::isInstance).hasSizeGreaterThan(1);
    assertThat(received).filteredOn(FaultEvent.class::isInstance).isNotEmpty();
  }

  private void connect(String path) {
    source =
        new EventSource.Builder(URI.create("http://127.0.0.1:" + server.port() + path))
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(50, TimeUnit.MILLISECONDS)
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
