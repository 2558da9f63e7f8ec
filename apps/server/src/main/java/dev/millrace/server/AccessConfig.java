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
 */
public record AccessConfig(String hubToken, String runnerToken, String viewerToken) {

  public AccessConfig {
    hubToken = blankToNull(hubToken);
    runnerToken = blankToNull(runnerToken);
    viewerToken = blankToNull(viewerToken);
  }

  public static AccessConfig none() {
    return new AccessConfig(null, null, null);
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
        + "]";
  }

  private static String describe(String token) {
    return token == null ? "unset" : "set";
  }
}
