package dev.millrace.hub;

/** The signature algorithms the hub verifies JWTs with; one per hub, set by configuration. */
public enum JwtAlgorithm {
  /** HMAC with SHA-256: the key is a shared secret of at least 32 bytes. */
  HS256,
  /** RSA PKCS#1 v1.5 with SHA-256: the key is a PEM public key. */
  RS256,
  /** ECDSA P-256 with SHA-256: the key is a PEM public key. */
  ES256;

  /** Parses a configured name, case-insensitively; {@code null} or blank gives {@link #HS256}. */
  public static JwtAlgorithm parse(String name) {
    if (name == null || name.isBlank()) {
      return HS256;
    }
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown JWT algorithm '" + name + "': use HS256, RS256 or ES256", e);
    }
  }
}
