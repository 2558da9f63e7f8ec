package dev.millrace.hub.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Makes signed test JWTs with a {@code mercure} claim. */
public final class Jwts {

  public static final String SECRET = "a-test-secret-of-more-than-thirty-two-bytes";

  private Jwts() {}

  public static String publisher(List<String> topics) {
    return hs256(Map.of("publish", topics), null);
  }

  public static String subscriber(List<String> topics) {
    return hs256(Map.of("subscribe", topics), null);
  }

  public static String hs256(Map<String, Object> mercure, Instant expires) {
    try {
      return sign(
          new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
          JWSAlgorithm.HS256,
          mercure,
          expires);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sign(
      JWSSigner signer, JWSAlgorithm algorithm, Map<String, Object> mercure, Instant expires) {
    var claims = new JWTClaimsSet.Builder().claim("mercure", mercure);
    if (expires != null) {
      claims.expirationTime(Date.from(expires));
    }
    var jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
