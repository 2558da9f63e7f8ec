package dev.millrace.buildlogs.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies short self-contained credentials ({@code scope|subject|expiry}, HMAC-SHA256).
 *
 * <p>The key is a dedicated {@link SigningKey}, never derived from the runner or viewer tokens:
 * every node with the same key accepts the credentials of every other node, and a new key revokes
 * them all. Thread-safe.
 */
public final class TokenSigner {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;
  private final Clock clock;

  public TokenSigner(SigningKey key, Clock clock) {
    this.key = key.bytes();
    this.clock = clock;
  }

  /** A credential for {@code scope} and {@code subject}, valid for {@code ttl}. */
  public String sign(String scope, String subject, Duration ttl) {
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    var payload = scope + "|" + subject + "|" + expiry;
    var bytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
  }

  /** The subject of a valid, unexpired credential of {@code scope}; empty otherwise. */
  public Optional<String> verify(String scope, String credential) {
    if (credential == null) {
      return Optional.empty();
    }
    int dot = credential.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      var payload = B64D.decode(credential.substring(0, dot));
      var signature = B64D.decode(credential.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, mac(payload))) {
        return Optional.empty();
      }
      var parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 3 || !parts[0].equals(scope)) {
        return Optional.empty();
      }
      var expiry = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      return clock.instant().isBefore(expiry) ? Optional.of(parts[1]) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
