package dev.millrace.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * What every answer to a bad request must be: a client error (never a 5xx, never a success of a
 * write), as JSON {@code {"error":"<code>","message":"…"}} whose code goes with its status.
 */
final class ErrorContract {

  /** Bodies larger than this may be refused before they are read. */
  static final int LARGE_BODY = 64 * 1024;

  /** The codes each client-error status may carry: the generic one, and the specific ones. */
  static final Map<Integer, Set<String>> CODES =
      Map.ofEntries(
          Map.entry(400, Set.of("bad_request", "bad_limit")),
          Map.entry(401, Set.of("unauthorized")),
          Map.entry(403, Set.of("forbidden")),
          Map.entry(404, Set.of("not_found")),
          Map.entry(405, Set.of("method_not_allowed")),
          Map.entry(
              409,
              Set.of("conflict", "step_finished", "invalid_transition", "line_gap", "no_handler")),
          Map.entry(413, Set.of("payload_too_large", "log_size_cap_reached")),
          Map.entry(414, Set.of("uri_too_long")),
          Map.entry(415, Set.of("unsupported_media_type")),
          Map.entry(422, Set.of("unprocessable", "replay_failed")),
          Map.entry(429, Set.of("too_many_requests", "too_many_attempts", "too_many_mock_builds")),
          Map.entry(431, Set.of("headers_too_large")));

  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorContract() {}

  /** What is wrong with {@code answer} to {@code request}, or {@code null} when nothing is. */
  static String problemWith(BadRequests.Request request, RawClient.Answer answer) {
    int status = answer.status();
    if (status == 0) {
      return refusedEarly(request, answer) ? null : "no answer (" + answer.failure() + ")";
    }
    if (request.expected() != 0 && status != request.expected()) {
      return "expected " + request.expected() + ", got " + status + " " + answer.body();
    }
    if (status >= 500) {
      return status + " " + answer.body();
    }
    if (status < 400) {
      return status < 300 && isWrite(request)
          ? "a write answered " + status + " to bad input"
          : null;
    }
    if (answer.failure() != null) {
      return refusedEarly(request, answer)
          ? null
          : status + " whose body could not be read: " + answer.failure();
    }
    if (!answer.contentType().startsWith("application/json")) {
      return status + " without a JSON body (" + answer.contentType() + ")";
    }
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (IOException e) {
      return status + " with a body that is not JSON: " + answer.body();
    }
    if (!body.path("error").isTextual() || !body.path("message").isTextual()) {
      return status + " with a body not of the error shape: " + answer.body();
    }
    var codes = CODES.get(status);
    if (codes == null) {
      return status + " is no answer to bad input: " + answer.body();
    }
    if (!codes.contains(body.get("error").asText())) {
      return status + " with the code of another status: " + answer.body();
    }
    return null;
  }

  /**
   * Whether the server took only part of a large body before it closed the connection: it refused
   * the body early, whether or not its answer could still be read.
   */
  static boolean refusedEarly(BadRequests.Request request, RawClient.Answer answer) {
    return request.body() != null && request.body().length > LARGE_BODY && answer.bodyCut();
  }

  /**
   * Whether a success would mean something was stored or changed. Signing out ({@code DELETE
   * /api/v1/viewer-session}) succeeds whatever the request carries, and changes nothing without a
   * session.
   */
  static boolean isWrite(BadRequests.Request request) {
    return switch (request.method()) {
      case "POST", "PUT", "PATCH" -> true;
      case "DELETE" -> !request.path().startsWith("/api/v1/viewer-session");
      default -> false;
    };
  }
}
