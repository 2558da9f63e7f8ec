package dev.millrace.hub.internal;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/**
 * CORS for the hub: pages of the listed origins may subscribe (and publish) with credentials
 * (cookie, {@code Authorization}); other origins get no CORS headers, so browsers keep their pages
 * out. Never {@code *}.
 */
final class Cors {

  private final Set<String> origins;

  Cors(Iterable<String> origins) {
    var set = new java.util.HashSet<String>();
    origins.forEach(set::add);
    this.origins = Set.copyOf(set);
  }

  /** Adds the CORS headers an allowed origin gets; returns whether the origin is allowed. */
  boolean apply(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    var response = request.response();
    response.headers().add(HttpHeaders.VARY, "Origin");
    if (origin == null || !origins.contains(origin)) {
      return false;
    }
    response
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
        .putHeader(
            HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "Last-Event-ID, Mercure-Last-Event-ID");
    return true;
  }

  /** Answers a preflight request: 204, with the allowed methods and headers for listed origins. */
  void preflight(HttpServerRequest request) {
    var response = request.response();
    if (apply(request)) {
      response
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
          .putHeader(
              HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
              "Authorization, Cache-Control, Content-Type, Last-Event-ID")
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
    }
    response.setStatusCode(204).end();
  }
}
