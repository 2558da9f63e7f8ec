package dev.millrace.buildlogs.auth;

import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.buildlogs.web.Responses;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Viewer sign-in for browsers: trades the viewer token for an HttpOnly signed session cookie, which
 * {@code EventSource} sends on its own (it cannot send headers). Signing out ends the session in
 * the database, so the cookie is refused from then on by every node, even if a copy of it was kept.
 */
public final class SessionApi {

  /** Body of {@code POST /viewer-session}. */
  public record SignIn(String token) {}

  private final Access access;

  public SessionApi(Access access) {
    this.access = access;
  }

  public void mount(Router router, String base) {
    router.post(base + "/viewer-session").handler(this::signIn);
    router.get(base + "/viewer-session").handler(this::show);
    router.delete(base + "/viewer-session").handler(this::signOut);
  }

  private void signIn(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> {
          var request = Json.readBody(ctx.body().buffer(), SignIn.class);
          if (request.token() == null || request.token().isBlank()) {
            throw ApiException.badRequest("send {\"token\":\"<viewer token>\"}");
          }
          if (!access.isViewer(request.token())) {
            throw new ApiException(403, "forbidden", "the viewer token is not valid");
          }
          var session = access.newSession();
          ctx.response().addCookie(cookie(ctx, session, Access.SESSION_TTL.toSeconds()));
          return Map.of("signedIn", true);
        });
  }

  private void show(RoutingContext ctx) {
    Responses.blocking(ctx, 200, () -> Map.of("signedIn", access.hasSession(ctx)));
  }

  private void signOut(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> {
          access.endSession(ctx);
          ctx.response().addCookie(cookie(ctx, "", 0));
          return Map.of("signedIn", false);
        });
  }

  private static Cookie cookie(RoutingContext ctx, String value, long maxAgeSeconds) {
    boolean https =
        ctx.request().isSSL()
            || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    return Cookie.cookie(Access.SESSION_COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSecure(https)
        .setSameSite(CookieSameSite.LAX)
        .setMaxAge(maxAgeSeconds);
  }
}
