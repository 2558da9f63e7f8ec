package dev.millrace.buildlogs.web;

import java.util.Map;

/**
 * A request that cannot be served, answered as plain HTTP with a JSON body {@code
 * {"error":code,"message":…}} plus {@code details}, and {@code headers} on the response.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final Map<String, Object> details;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiException(int status, String code, String message, Map<String, Object> details) {
    this(status, code, message, details, Map.of());
  }

  private ApiException(
      int status,
      String code,
      String message,
      Map<String, Object> details,
      Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  /** 429 with {@code Retry-After: retryAfterSeconds}. */
  public static ApiException tooManyRequests(String code, String message, long retryAfterSeconds) {
    return new ApiException(
        429,
        code,
        message,
        Map.of("retryAfterSeconds", retryAfterSeconds),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }

  /** Response headers that go with the error, such as {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }
}
