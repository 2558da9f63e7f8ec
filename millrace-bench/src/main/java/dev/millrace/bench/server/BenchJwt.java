package dev.millrace.bench.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HS256 publisher JWT the bench publishes to a Mercure hub with: every topic, no expiry. */
final class BenchJwt {

  private BenchJwt() {}

  static String publisher(String key) {
    var encoder = Base64.getUrlEncoder().withoutPadding();
    String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    String claims =
        encoder.encodeToString(
            "{\"mercure\":{\"publish\":[\"*\"]}}".getBytes(StandardCharsets.UTF_8));
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
      return header + "." + claims + "." + encoder.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
