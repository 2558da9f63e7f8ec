package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An adapter that throws while a request is prepared is a bug: the answer is a 500 {@code
 * internal_error} whose correlation id the WARN log line of the exception repeats.
 */
class StreamFailureTest {

  private static final Pattern CORRELATION_ID = Pattern.compile("correlation id ([0-9a-f-]{36})");

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final Logger handlerLog =
      (Logger) LoggerFactory.getLogger("dev.millrace.sse.internal.StreamHandler");
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TestServer server;
  private SseRouter sse;

  @BeforeEach
  void start() {
    logged.start();
    handlerLog.addAppender(logged);
    server = new TestServer();
    sse = SseRouter.create(server.vertx, pubsub, new SimpleMeterRegistry());
    server.router.get("/broken-watch").handler(sse.handler("t", new Broken(true)));
    server.router.get("/broken-render").handler(sse.handler("t", new Broken(false)));
  }

  @AfterEach
  void stop() {
    handlerLog.detachAppender(logged);
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void aWatchThatThrowsIsA500WithTheCorrelationIdOfItsLogLine() throws Exception {
    var answer = get("/broken-watch", "text/event-stream");

    assertThat(answer.statusCode()).isEqualTo(500);
    assertCorrelated(answer, "watch failed");
  }

  @Test
  void aSnapshotThatThrowsIsA500WithTheCorrelationIdOfItsLogLine() throws Exception {
    var answer = get("/broken-render", "application/json");

    assertThat(answer.statusCode()).isEqualTo(500);
    assertCorrelated(answer, "render failed");
  }

  private void assertCorrelated(HttpResponse<String> answer, String cause) throws Exception {
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    var body = new ObjectMapper().readTree(answer.body());
    assertThat(body.path("error").asText()).isEqualTo("internal_error");
    var matcher = CORRELATION_ID.matcher(body.path("message").asText());
    assertThat(matcher.find()).as("a correlation id in %s", answer.body()).isTrue();
    assertThat(body.path("message").asText()).doesNotContain(cause);
    var id = matcher.group(1);
    assertThat(logged.list)
        .filteredOn(event -> event.getFormattedMessage().contains(id))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getThrowableProxy().getMessage()).isEqualTo(cause);
            });
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Throws from {@code watch}, or from {@code render} of the key it watches. */
  private record Broken(boolean inWatch) implements StreamAdapter {

    @Override
    public Watch watch(RoutingContext request) {
      if (inWatch) {
        throw new IllegalStateException("watch failed");
      }
      return Watch.keys("k");
    }

    @Override
    public Set<String> keysOf(Message message) {
      return Set.of();
    }

    @Override
    public SseEvent render(String key) {
      throw new IllegalStateException("render failed");
    }
  }
}
