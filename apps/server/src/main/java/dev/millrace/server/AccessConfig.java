package dev.millrace.server;

import dev.millrace.buildlogs.auth.SigningKey;
import dev.millrace.buildlogs.auth.TokenStrength;

/**
 * Shared secrets. A {@code null} token switches off what it guards, except the runner token: with
 * none configured, the server makes a random one for its own mock runner, so no outside runner can
 * write.
 *
 * @param runnerToken bearer token of build runners (creating builds, appending logs)
 * @param viewerToken token that signs a viewer in to private repositories; {@code null}: no
 *     sign-in, private repositories are unreadable
 * @param adminToken bearer token of the admin API ({@code /admin/*}: dead letters); {@code null}:
 *     the admin API is off
 * @param signingKey key (hex or base64, at least 32 bytes) that signs viewer session cookies and
 *     stream tokens; {@code null}: one is generated once and kept in {@code
 *     <data-dir>/signing.key}. Every node of a cluster must be given the same one
 * @param trustProxy whether a reverse proxy's {@code X-Forwarded-For} names the client (for rate
 *     limits); off: the remote address does
 */
public record AccessConfig(
    String runnerToken,
    String viewerToken,
    String adminToken,
    String signingKey,
    boolean trustProxy) {

  /** Refuses weak tokens and a short signing key, saying why in one line. */
  public AccessConfig {
    runnerToken = blankToNull(runnerToken);
    viewerToken = blankToNull(viewerToken);
    adminToken = blankToNull(adminToken);
    signingKey = blankToNull(signingKey);
    if (runnerToken != null) {
      TokenStrength.check("the runner token (--runner-token, MILLRACE_RUNNER_TOKEN)", runnerToken);
    }
    if (viewerToken != null) {
      TokenStrength.check("the viewer token (--viewer-token, MILLRACE_VIEWER_TOKEN)", viewerToken);
    }
    if (adminToken != null) {
      TokenStrength.check("the admin token (--admin-token, MILLRACE_ADMIN_TOKEN)", adminToken);
    }
    if (signingKey != null) {
      try {
        SigningKey.parse(signingKey);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            e.getMessage()
                .replaceFirst(
                    "^the signing key", "the signing key (--signing-key, MILLRACE_SIGNING_KEY)"),
            e);
      }
    }
  }

  /** Without an admin token, with a generated signing key, trusting no proxy. */
  public AccessConfig(String runnerToken, String viewerToken) {
    this(runnerToken, viewerToken, null, null, false);
  }

  public static AccessConfig none() {
    return new AccessConfig(null, null);
  }

  public AccessConfig withAdminToken(String token) {
    return new AccessConfig(runnerToken, viewerToken, token, signingKey, trustProxy);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    return "AccessConfig[runnerToken="
        + describe(runnerToken)
        + ", viewerToken="
        + describe(viewerToken)
        + ", adminToken="
        + describe(adminToken)
        + ", signingKey="
        + describe(signingKey)
        + ", trustProxy="
        + trustProxy
        + "]";
  }

  private static String describe(String token) {
    return token == null ? "unset" : "set";
  }
}
