package dev.millrace.buildlogs.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The app's failure handler: a failure no handler expected is a 500 {@code internal_error} whose
 * correlation id the WARN log line repeats, whether or not it carries an exception.
 */
class ResponsesTest {

  private static final Pattern CORRELATION_ID = Pattern.compile("correlation id ([0-9a-f-]{36})");

  private final Logger responsesLog = (Logger) LoggerFactory.getLogger(Responses.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    logged.start();
    responsesLog.addAppender(logged);
    vertx = Vertx.vertx();
    var router = Router.router(vertx);
    router.route().failureHandler(ctx -> Responses.fail(ctx, ctx.failure()));
    router.get("/fails-without-cause").handler(ctx -> ctx.fail(500));
    router.get("/fails-without-status").handler(ctx -> Responses.fail(ctx, null));
    router
        .get("/throws")
        .handler(
            ctx -> {
              throw new IllegalStateException("a bug in a handler");
            });
    router
        .get("/blocking-throws")
        .handler(
            ctx ->
                Responses.blocking(
                    ctx,
                    200,
                    () -> {
                      throw new IllegalStateException("a bug in blocking work");
                    }));
    router.get("/too-large").handler(ctx -> ctx.fail(413));
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    responsesLog.detachAppender(logged);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aFailureWithoutAnExceptionIsA500WithACorrelationId() throws Exception {
    assertCorrelated500("/fails-without-cause", null);
    assertCorrelated500("/fails-without-status", null);
  }

  @Test
  void anExceptionIsA500WithTheCorrelationIdOfItsLogLine() throws Exception {
    assertCorrelated500("/throws", "a bug in a handler");
    assertCorrelated500("/blocking-throws", "a bug in blocking work");
  }

  @Test
  void aClientErrorTheRouterSetKeepsItsStatus() throws Exception {
    var answer = get("/too-large");

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(json(answer).path("error").asText()).isEqualTo("payload_too_large");
    assertThat(logged.list).isEmpty();
  }

  private void assertCorrelated500(String path, String cause) throws Exception {
    var answer = get(path);

    assertThat(answer.statusCode()).as(path).isEqualTo(500);
    var body = json(answer);
    assertThat(body.path("error").asText()).isEqualTo("internal_error");
    var matcher = CORRELATION_ID.matcher(body.path("message").asText());
    assertThat(matcher.find()).as("a correlation id in %s", answer.body()).isTrue();
    var id = matcher.group(1);
    assertThat(logged.list)
        .filteredOn(event -> event.getFormattedMessage().contains(id))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).contains("path=" + path);
              if (cause == null) {
                assertThat(event.getThrowableProxy()).isNull();
              } else {
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo(cause);
                assertThat(body.path("message").asText()).doesNotContain(cause);
              }
            });
  }

  private static JsonNode json(HttpResponse<String> answer) throws Exception {
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    return Json.MAPPER.readTree(answer.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
