package dev.millrace.sse.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.sse.DrainOptions;
import dev.millrace.sse.ErrorBody;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The plain HTTP answers of the engine: errors with a JSON body, JSON snapshots, SSE headers. */
final class HttpAnswers {

  static final String EVENT_STREAM = "text/event-stream";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpAnswers() {}

  /**
   * The id of the last event the client has: the {@code Last-Event-ID} header that EventSource
   * sends when it reconnects, or else the {@code lastEventId} query parameter, for a page that
   * opens a new EventSource and wants to resume where an earlier one stopped.
   */
  static String lastEventId(HttpServerRequest request) {
    String header = request.getHeader("Last-Event-ID");
    return header != null ? header : request.getParam("lastEventId");
  }

  /** Whether the client asked for an event stream ({@code Accept: text/event-stream}). */
  static boolean acceptsEventStream(HttpServerRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(EVENT_STREAM);
  }

  /** Answers an error in the {@link ErrorBody} shape with that status, unless already answered. */
  static void error(HttpServerResponse response, int status, String message) {
    if (response.ended() || response.closed() || response.headWritten()) {
      return;
    }
    ErrorBody.send(response, status, message);
  }

  /** Answers 204 No Content, telling an EventSource the stream is over. */
  static void noContent(HttpServerResponse response) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(204).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
    }
  }

  /** Answers a snapshot: one key's data as is, several keys as an object of their data. */
  static void json(HttpServerResponse response, Map<String, String> dataByKey) {
    if (response.ended() || response.closed()) {
      return;
    }
    String body;
    if (dataByKey.size() == 1) {
      body = dataByKey.values().iterator().next();
    } else {
      ObjectNode object = JSON.createObjectNode();
      new LinkedHashMap<>(dataByKey).forEach((key, data) -> object.set(key, parseOrText(data)));
      body = object.toString();
    }
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }

  private static com.fasterxml.jackson.databind.JsonNode parseOrText(String data) {
    try {
      return JSON.readTree(data);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(data);
    }
  }

  /** Starts an event stream: status, headers, never compressed, bounded write queue. */
  /**
   * Answers a stream request that arrives while the server drains: a stream holding only a jittered
   * {@code retry:}, then closed, so an EventSource comes back later (a 503 would make it give up
   * for good). A request for JSON gets a plain 503.
   */
  static void drainingAnswer(HttpServerRequest request, DrainOptions drain, boolean wantsStream) {
    var response = request.response();
    response.putHeader("Retry-After", Long.toString(Math.max(1, drain.retryMin().toSeconds())));
    if (!wantsStream) {
      error(response, 503, "the server is shutting down");
      return;
    }
    long jitter = drain.retryJitter().toMillis();
    long retry =
        drain.retryMin().toMillis()
            + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1));
    response
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(SseEncoder.retry(retry));
  }

  static void startStream(HttpServerResponse response, int writeQueueBytes) {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no")
        // Vert.x removes "identity" before sending and skips compression for this response.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .setWriteQueueMaxSize(writeQueueBytes);
  }
}
