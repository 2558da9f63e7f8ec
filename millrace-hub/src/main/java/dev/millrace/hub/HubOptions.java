package dev.millrace.hub;

import dev.millrace.sse.SseOptions;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@link MercureHub}, named as the server's {@code --hub-…} flags.
 *
 * @param publisherJwtKey verifies publisher JWTs: the HS256 secret, or a PEM public key for {@code
 *     algorithm}; {@code null} turns publishing off (every {@code POST} answers 401 or 403)
 * @param subscriberJwtKey verifies subscriber JWTs; {@code null}: the publisher key
 * @param algorithm the one algorithm tokens must be signed with
 * @param anonymous whether subscribers without a JWT receive public updates (otherwise 401)
 * @param corsOrigins origins whose pages may subscribe from a browser, with credentials (exact
 *     matches such as {@code https://app.example.com}; never a wildcard)
 * @param history how much history each node keeps for resuming subscribers
 * @param subscriptions whether the hub publishes subscription events and serves the subscription
 *     API
 * @param maxBodyBytes largest accepted publish request body (larger: 413)
 * @param sse engine settings (heartbeat, buffers, drain)
 */
public record HubOptions(
    String publisherJwtKey,
    String subscriberJwtKey,
    JwtAlgorithm algorithm,
    boolean anonymous,
    List<String> corsOrigins,
    HistoryLimits history,
    boolean subscriptions,
    int maxBodyBytes,
    SseOptions sse) {

  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** Publishing off, anonymous subscribers refused, no CORS, default history. */
  public static final HubOptions DEFAULTS =
      new HubOptions(
          null,
          null,
          JwtAlgorithm.HS256,
          false,
          List.of(),
          HistoryLimits.DEFAULTS,
          false,
          DEFAULT_MAX_BODY_BYTES,
          SseOptions.DEFAULTS);

  public HubOptions {
    publisherJwtKey = blankToNull(publisherJwtKey);
    subscriberJwtKey = blankToNull(subscriberJwtKey);
    Objects.requireNonNull(algorithm, "algorithm");
    corsOrigins = List.copyOf(Objects.requireNonNull(corsOrigins, "corsOrigins"));
    for (String origin : corsOrigins) {
      if (origin.equals("*") || origin.isBlank() || origin.endsWith("/")) {
        throw new IllegalArgumentException(
            "a CORS origin is scheme://host[:port] without a trailing slash, not '" + origin + "'");
      }
    }
    Objects.requireNonNull(history, "history");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    Objects.requireNonNull(sse, "sse");
  }

  /** The key that verifies subscriber JWTs: its own, else the publisher's. */
  public String effectiveSubscriberKey() {
    return subscriberJwtKey != null ? subscriberJwtKey : publisherJwtKey;
  }

  public HubOptions withPublisherJwtKey(String value) {
    return new HubOptions(
        value,
        subscriberJwtKey,
        algorithm,
        anonymous,
        corsOrigins,
        history,
        subscriptions,
        maxBodyBytes,
        sse);
  }

  public HubOptions withSubscriberJwtKey(String value) {
    return new HubOptions(
        publisherJwtKey,
        value,
        algorithm,
        anonymous,
        corsOrigins,
        history,
        subscriptions,
        maxBodyBytes,
        sse);
  }

  public HubOptions withAlgorithm(JwtAlgorithm value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        value,
        anonymous,
        corsOrigins,
        history,
        subscriptions,
        maxBodyBytes,
        sse);
  }

  public HubOptions withAnonymous(boolean value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        algorithm,
        value,
        corsOrigins,
        history,
        subscriptions,
        maxBodyBytes,
        sse);
  }

  public HubOptions withCorsOrigins(List<String> value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        algorithm,
        anonymous,
        value,
        history,
        subscriptions,
        maxBodyBytes,
        sse);
  }

  public HubOptions withHistory(HistoryLimits value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        algorithm,
        anonymous,
        corsOrigins,
        value,
        subscriptions,
        maxBodyBytes,
        sse);
  }

  public HubOptions withSubscriptions(boolean value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        algorithm,
        anonymous,
        corsOrigins,
        history,
        value,
        maxBodyBytes,
        sse);
  }

  public HubOptions withMaxBodyBytes(int value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        algorithm,
        anonymous,
        corsOrigins,
        history,
        subscriptions,
        value,
        sse);
  }

  public HubOptions withSse(SseOptions value) {
    return new HubOptions(
        publisherJwtKey,
        subscriberJwtKey,
        algorithm,
        anonymous,
        corsOrigins,
        history,
        subscriptions,
        maxBodyBytes,
        value);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    return "HubOptions[publisherJwtKey="
        + (publisherJwtKey == null ? "none" : "***")
        + ", subscriberJwtKey="
        + (subscriberJwtKey == null ? "publisher's" : "***")
        + ", algorithm="
        + algorithm
        + ", anonymous="
        + anonymous
        + ", corsOrigins="
        + corsOrigins
        + ", history="
        + history
        + ", subscriptions="
        + subscriptions
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", sse="
        + sse
        + "]";
  }
}
