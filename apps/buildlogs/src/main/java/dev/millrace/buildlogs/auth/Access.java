package dev.millrace.buildlogs.auth;

import dev.millrace.buildlogs.builds.Repo;
import dev.millrace.buildlogs.web.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may do what. Runners (creating builds, appending logs, changing statuses) need {@code
 * Authorization: Bearer <runner token>}. Public repositories are readable by all; private ones need
 * a viewer credential: the viewer (or runner) token as a bearer token, the signed session cookie,
 * or a signed stream token for that repository in {@code ?access_token=}. A missing credential is
 * 401, a wrong one 403. Thread-safe.
 */
public final class Access {

  public static final String SESSION_COOKIE = "millrace_buildlogs_session";
  public static final String STREAM_TOKEN_PARAM = "access_token";
  public static final Duration SESSION_TTL = Duration.ofHours(12);
  public static final Duration STREAM_TOKEN_TTL = Duration.ofMinutes(10);

  static final String SESSION_SCOPE = "session";
  static final String STREAM_SCOPE = "stream";

  private final byte[] runnerToken;
  private final byte[] viewerToken;
  private final TokenSigner signer;

  public Access(String runnerToken, String viewerToken, TokenSigner signer) {
    this.runnerToken = TokenSigner.sha256(runnerToken);
    this.viewerToken = viewerToken == null ? null : TokenSigner.sha256(viewerToken);
    this.signer = signer;
  }

  /** Throws 401/403 unless the request carries the runner token. */
  public void requireRunner(RoutingContext ctx) {
    var bearer =
        bearer(ctx)
            .orElseThrow(
                () ->
                    new ApiException(
                        401,
                        "unauthorized",
                        "runner endpoints need Authorization: Bearer <token>"));
    if (!isRunner(bearer)) {
      throw new ApiException(403, "forbidden", "the runner token is not valid");
    }
  }

  /** Throws 401/403 unless the request may read {@code repo}. */
  public void requireRead(RoutingContext ctx, Repo repo) {
    if (!repo.isPrivate()) {
      return;
    }
    var bearer = bearer(ctx);
    if (bearer.isPresent()) {
      if (isRunner(bearer.get()) || isViewer(bearer.get())) {
        return;
      }
      throw new ApiException(403, "forbidden", "the token may not read " + repo.slug());
    }
    var streamToken = ctx.request().getParam(STREAM_TOKEN_PARAM);
    if (streamToken != null) {
      if (signer.verify(STREAM_SCOPE, streamToken).filter(repo.slug()::equals).isPresent()) {
        return;
      }
      throw new ApiException(
          403, "forbidden", "the stream token is expired or not valid for " + repo.slug());
    }
    if (hasSession(ctx)) {
      return;
    }
    throw new ApiException(
        401, "unauthorized", repo.slug() + " is private: sign in with a viewer token");
  }

  /** Whether the request may read private repositories (to list them). */
  public boolean canReadPrivate(RoutingContext ctx) {
    return hasSession(ctx) || bearer(ctx).filter(t -> isRunner(t) || isViewer(t)).isPresent();
  }

  public boolean hasSession(RoutingContext ctx) {
    var cookie = ctx.request().getCookie(SESSION_COOKIE);
    return cookie != null && signer.verify(SESSION_SCOPE, cookie.getValue()).isPresent();
  }

  /** Whether {@code token} is the viewer token; false when no viewer token is configured. */
  public boolean isViewer(String token) {
    return viewerToken != null && MessageDigest.isEqual(viewerToken, TokenSigner.sha256(token));
  }

  public String newSession() {
    return signer.sign(SESSION_SCOPE, "viewer", SESSION_TTL);
  }

  public String newStreamToken(Repo repo) {
    return signer.sign(STREAM_SCOPE, repo.slug(), STREAM_TOKEN_TTL);
  }

  private boolean isRunner(String token) {
    return MessageDigest.isEqual(runnerToken, TokenSigner.sha256(token));
  }

  private static Optional<String> bearer(RoutingContext ctx) {
    var header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    var token = header.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
