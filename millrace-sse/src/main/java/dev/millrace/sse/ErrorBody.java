package dev.millrace.sse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * The one shape of every error answer of a Millrace server: {@code {"error": "<code>", "message":
 * "<what to fix>"}}, with {@code Content-Type: application/json} and {@code Cache-Control:
 * no-store}. The code is a stable, machine-readable word ({@code not_found}, {@code
 * payload_too_large}…); the message is for people. Apps and the engine answer errors through this
 * class, so clients parse one shape whatever route they called.
 *
 * <p>A 500 means a bug: its body says nothing internal but a correlation id, {@code {"error":
 * "internal_error", "message": "the server failed to handle the request; correlation id <id>"}},
 * and the WARN log line of the cause repeats the id ({@link #internalError}).
 */
public final class ErrorBody {

  /** The code of every 500. */
  public static final String INTERNAL_ERROR = "internal_error";

  private ErrorBody() {}

  /** The code of a status without a more specific one: {@code 404} gives {@code not_found}. */
  public static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 422 -> "unprocessable";
      case 429 -> "too_many_requests";
      case 431 -> "headers_too_large";
      case 503 -> "unavailable";
      default -> status >= 500 ? INTERNAL_ERROR : "bad_request";
    };
  }

  /** The JSON bytes of an error. */
  public static Buffer json(String code, String message) {
    return new JsonObject().put("error", code).put("message", message).toBuffer();
  }

  /** Answers {@code status} with the code {@link #codeFor(int) of the status}. */
  public static void send(HttpServerResponse response, int status, String message) {
    send(response, status, codeFor(status), message);
  }

  /**
   * Answers {@code status} with {@code code} and {@code message}; when the head of the response was
   * already written (a stream had started), the connection is reset instead, since no answer can be
   * given any more.
   */
  public static void send(HttpServerResponse response, int status, String code, String message) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(json(code, message));
  }

  /**
   * Logs {@code failure} (may be {@code null}) at WARN on {@code log} with the request's method and
   * path and a new correlation id, and returns the id, for {@link #sendInternalError}. Any thread.
   */
  public static String logFailure(Logger log, HttpServerRequest request, Throwable failure) {
    var correlationId = UUID.randomUUID().toString();
    log.warn(
        "request failed method={} path={} correlationId={}",
        request.method(),
        request.path(),
        correlationId,
        failure);
    return correlationId;
  }

  /** The message of a 500: the correlation id that the log line of its cause repeats. */
  public static String internalErrorMessage(String correlationId) {
    return "the server failed to handle the request; correlation id " + correlationId;
  }

  /** Answers 500 {@code internal_error} naming {@code correlationId}; on the request's thread. */
  public static void sendInternalError(HttpServerResponse response, String correlationId) {
    send(response, 500, INTERNAL_ERROR, internalErrorMessage(correlationId));
  }

  /**
   * {@link #logFailure} then {@link #sendInternalError}: the answer to a failure that no handler
   * expected. On the request's thread; returns the correlation id.
   */
  public static String internalError(Logger log, HttpServerRequest request, Throwable failure) {
    var correlationId = logFailure(log, request, failure);
    sendInternalError(request.response(), correlationId);
    return correlationId;
  }
}
