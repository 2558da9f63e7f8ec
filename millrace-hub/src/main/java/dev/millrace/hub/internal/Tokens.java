package dev.millrace.hub.internal;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Where a request carries its JWT, in the draft's precedence: the {@code Authorization: Bearer}
 * header, else the {@code authorization} query parameter, else the {@code mercureAuthorization}
 * cookie.
 */
final class Tokens {

  static final String COOKIE = "mercureAuthorization";
  static final String QUERY = "authorization";

  private Tokens() {}

  /** The token, or {@code null} when the request carries none. */
  static String of(HttpServerRequest request, boolean cookieAllowed) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).strip();
      if (!token.isEmpty()) {
        return token;
      }
    }
    String query = request.getParam(QUERY);
    if (query != null && !query.isBlank()) {
      return query.strip();
    }
    if (cookieAllowed) {
      Cookie cookie = request.getCookie(COOKIE);
      if (cookie != null && !cookie.getValue().isBlank()) {
        return cookie.getValue().strip();
      }
    }
    return null;
  }
}
