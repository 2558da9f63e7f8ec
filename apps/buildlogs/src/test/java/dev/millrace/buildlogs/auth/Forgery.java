package dev.millrace.buildlogs.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What an attacker who knows the tokens could sign if the key were derived from them. */
public final class Forgery {

  private Forgery() {}

  /** {@code payload} signed as the app once did: HMAC keyed by SHA-256 of both tokens. */
  public static String signWithTokenDerivedKey(String runner, String viewer, String payload) {
    try {
      var key =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("millrace-buildlogs-v1\0" + runner + "\0" + viewer)
                      .getBytes(StandardCharsets.UTF_8));
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      var bytes = payload.getBytes(StandardCharsets.UTF_8);
      var b64 = Base64.getUrlEncoder().withoutPadding();
      return b64.encodeToString(bytes) + "." + b64.encodeToString(mac.doFinal(bytes));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(SigningKey key) {
    return HexFormat.of().formatHex(key.bytes());
  }
}
