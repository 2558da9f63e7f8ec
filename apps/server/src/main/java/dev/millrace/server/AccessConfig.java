package dev.millrace.server;

/**
 * Shared secrets. A {@code null} token switches off what it guards, except the runner token: with
 * none configured, the server makes a random one for its own mock runner, so no outside runner can
 * write.
 *
 * @param hubToken bearer token for {@code POST /hub/{topic}}; {@code null}: publishing is off
 * @param runnerToken bearer token of build runners (creating builds, appending logs)
 * @param viewerToken token that signs a viewer in to private repositories; {@code null}: no
 *     sign-in, private repositories are unreadable
 * @param adminToken bearer token of the admin API ({@code /admin/*}: dead letters); {@code null}:
 *     the admin API is off
 */
public record AccessConfig(
    String hubToken, String runnerToken, String viewerToken, String adminToken) {

  public AccessConfig {
    hubToken = blankToNull(hubToken);
    runnerToken = blankToNull(runnerToken);
    viewerToken = blankToNull(viewerToken);
    adminToken = blankToNull(adminToken);
  }

  /** Without an admin token. */
  public AccessConfig(String hubToken, String runnerToken, String viewerToken) {
    this(hubToken, runnerToken, viewerToken, null);
  }

  public static AccessConfig none() {
    return new AccessConfig(null, null, null, null);
  }

  public AccessConfig withAdminToken(String token) {
    return new AccessConfig(hubToken, runnerToken, viewerToken, token);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    return "AccessConfig[hubToken="
        + describe(hubToken)
        + ", runnerToken="
        + describe(runnerToken)
        + ", viewerToken="
        + describe(viewerToken)
        + ", adminToken="
        + describe(adminToken)
        + "]";
  }

  private static String describe(String token) {
    return token == null ? "unset" : "set";
  }
}
