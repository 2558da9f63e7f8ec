package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.millrace.sse.SseServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
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
 * What the server answers when no app does, on a router and HTTP server set up as {@link
 * MillraceServer} sets them up: HTTP decoding limits, unknown paths and methods, and failures.
 */
class ErrorAnswersTest {

  private static final Pattern CORRELATION_ID = Pattern.compile("correlation id ([0-9a-f-]{36})");

  private final Logger answersLog = (Logger) LoggerFactory.getLogger(ErrorAnswers.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    logged.start();
    answersLog.addAppender(logged);
    vertx = Vertx.vertx();
    var router = Router.router(vertx);
    router.get("/ok").handler(ctx -> ctx.response().end("ok"));
    router
        .get("/throws")
        .handler(
            ctx -> {
              throw new IllegalStateException("a bug in a handler");
            });
    router.get("/fails").handler(ctx -> ctx.fail(500));
    ErrorAnswers.install(router);
    server =
        vertx
            .createHttpServer(SseServerOptions.tune(new HttpServerOptions()))
            .requestHandler(router)
            .invalidRequestHandler(ErrorAnswers.invalidRequests())
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    answersLog.detachAppender(logged);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRequestLineOverTheLimitIs414() throws Exception {
    var answer =
        send("GET", "/ok?pad=" + "x".repeat(HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH));

    assertError(answer, 414, "uri_too_long");
  }

  @Test
  void headersOverTheLimitAre431() throws Exception {
    var answer =
        send("GET", "/ok", "X-Padding", "x".repeat(HttpServerOptions.DEFAULT_MAX_HEADER_SIZE));

    assertError(answer, 431, "headers_too_large");
  }

  @Test
  void anUnknownPathIs404AndAMethodTheRouteDoesNotTakeIs405() throws Exception {
    assertError(send("GET", "/nowhere"), 404, "not_found");
    assertError(send("DELETE", "/ok"), 405, "method_not_allowed");
    assertError(send("BREW", "/ok"), 405, "method_not_allowed");
  }

  @Test
  void aFailureIsA500WithTheCorrelationIdOfItsLogLine() throws Exception {
    for (var path : new String[] {"/throws", "/fails"}) {
      var body = assertError(send("GET", path), 500, "internal_error");

      var matcher = CORRELATION_ID.matcher(body.getString("message"));
      assertThat(matcher.find()).as("a correlation id in %s", body).isTrue();
      var id = matcher.group(1);
      assertThat(logged.list)
          .filteredOn(event -> event.getFormattedMessage().contains(id))
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("path=" + path);
              });
    }
    assertThat(logged.list.getFirst().getThrowableProxy().getMessage())
        .isEqualTo("a bug in a handler");
  }

  private static JsonObject assertError(HttpResponse<String> answer, int status, String code) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    var body = new JsonObject(answer.body());
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    return body;
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
