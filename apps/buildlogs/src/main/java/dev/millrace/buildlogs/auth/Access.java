package dev.millrace.buildlogs.auth;

import dev.millrace.buildlogs.builds.Repo;
import dev.millrace.buildlogs.web.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who may do what. Runners (creating builds, appending logs, changing statuses) need {@code
 * Authorization: Bearer <runner token>}; a missing token is 401, a wrong one 403. Public
 * repositories are readable by all; private ones by a viewer: the viewer (or runner) token as a
 * bearer token, or a session cookie that was not signed out. A signed stream token for one
 * repository in {@code ?access_token=} opens that repository's streams and nothing else. A caller
 * who may not read a private repository is told nothing about it (the routes answer as for an
 * unknown one). Thread-safe; the methods that read sessions are blocking.
 */
public final class Access {

  public static final String SESSION_COOKIE = "millrace_buildlogs_session";
  public static final String STREAM_TOKEN_PARAM = "access_token";
  public static final Duration SESSION_TTL = Duration.ofHours(12);
  public static final Duration STREAM_TOKEN_TTL = Duration.ofMinutes(10);

  static final String SESSION_SCOPE = "session";
  static final String STREAM_SCOPE = "stream";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] runnerToken;
  private final byte[] viewerToken;
  private final TokenSigner signer;
  private final SessionStore sessions;
  private final Clock clock;

  public Access(
      String runnerToken,
      String viewerToken,
      TokenSigner signer,
      SessionStore sessions,
      Clock clock) {
    this.runnerToken = TokenSigner.sha256(runnerToken);
    this.viewerToken = viewerToken == null ? null : TokenSigner.sha256(viewerToken);
    this.signer = signer;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** Throws 401/403 unless the request carries the runner token. Reads headers only. */
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

  /**
   * Whether the request may read {@code repo}; a stream token counts only when {@code stream} (the
   * request opens a stream). Blocking (reads the session table).
   */
  public boolean mayRead(RoutingContext ctx, Repo repo, boolean stream) {
    if (!repo.isPrivate()) {
      return true;
    }
    if (stream && hasStreamToken(ctx, repo)) {
      return true;
    }
    return canReadPrivate(ctx);
  }

  /**
   * Whether the request may read every private repository: the runner or viewer token as a bearer
   * token, or an active session cookie. Stream tokens do not count. Blocking.
   */
  public boolean canReadPrivate(RoutingContext ctx) {
    return bearer(ctx).filter(t -> isRunner(t) || isViewer(t)).isPresent() || hasSession(ctx);
  }

  /** Throws 401 unless {@link #canReadPrivate}: what minting a stream token needs. Blocking. */
  public void requireViewer(RoutingContext ctx) {
    if (!canReadPrivate(ctx)) {
      throw new ApiException(
          401,
          "unauthorized",
          "sign in first: send the session cookie, or the viewer or runner token as"
              + " Authorization: Bearer <token>");
    }
  }

  /** Whether the request has a session cookie that is signed, unexpired and not signed out. */
  public boolean hasSession(RoutingContext ctx) {
    return sessionId(ctx).filter(id -> sessions.isActive(hash(id))).isPresent();
  }

  /** Whether {@code token} is the viewer token; false when no viewer token is configured. */
  public boolean isViewer(String token) {
    return viewerToken != null && MessageDigest.isEqual(viewerToken, TokenSigner.sha256(token));
  }

  /** Starts a session and returns its cookie value. Blocking. */
  public String newSession() {
    var idBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    var id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    sessions.create(hash(id), clock.instant().plus(SESSION_TTL));
    return signer.sign(SESSION_SCOPE, id, SESSION_TTL);
  }

  /** Signs out the request's session, if it has one: its cookie is refused from now on. */
  public void endSession(RoutingContext ctx) {
    sessionId(ctx).ifPresent(id -> sessions.revoke(hash(id)));
  }

  public String newStreamToken(Repo repo) {
    return signer.sign(STREAM_SCOPE, repo.slug(), STREAM_TOKEN_TTL);
  }

  private boolean hasStreamToken(RoutingContext ctx, Repo repo) {
    var token = ctx.request().getParam(STREAM_TOKEN_PARAM);
    return token != null
        && signer.verify(STREAM_SCOPE, token).filter(repo.slug()::equals).isPresent();
  }

  private Optional<String> sessionId(RoutingContext ctx) {
    var cookie = ctx.request().getCookie(SESSION_COOKIE);
    return cookie == null ? Optional.empty() : signer.verify(SESSION_SCOPE, cookie.getValue());
  }

  private boolean isRunner(String token) {
    return MessageDigest.isEqual(runnerToken, TokenSigner.sha256(token));
  }

  private static String hash(String sessionId) {
    return HexFormat.of().formatHex(TokenSigner.sha256(sessionId));
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
