package dev.millrace.sse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The one shape of every error answer of a Millrace server: {@code {"error": "<code>", "message":
 * "<what to fix>"}}, with {@code Content-Type: application/json} and {@code Cache-Control:
 * no-store}. The code is a stable, machine-readable word ({@code not_found}, {@code
 * payload_too_large}…); the message is for people. Apps and the engine answer errors through this
 * class, so clients parse one shape whatever route they called.
 */
public final class ErrorBody {

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
      default -> status >= 500 ? "internal_error" : "bad_request";
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
}
