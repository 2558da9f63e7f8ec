package dev.millrace.hub.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.millrace.hub.JwtAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the hub's JWTs (nimbus-jose-jwt) with one configured algorithm and key, and reads the
 * {@code mercure} claim. A token signed with any other algorithm is refused, whatever its header
 * says. Thread-safe.
 *
 * <p>A publisher sends the same token with every update, and a page reconnecting sends its cookie
 * again: the claims of up to {@value #REMEMBERED} tokens that passed are remembered, so that a
 * token already verified costs a map lookup, not a parse and a signature check. Only the exact
 * token text that passed is remembered, and its times ({@code exp}, {@code nbf}) are checked again
 * at every use.
 */
final class TokenVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tokens whose claims are remembered; when full, the memory starts afresh. */
  static final int REMEMBERED = 4096;

  private record Verified(Claims claims, Instant notBefore) {}

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private final JWSAlgorithm algorithm;
  private final JWSVerifier verifier;
  private final Clock clock;

  TokenVerifier(JwtAlgorithm algorithm, String key, Clock clock) {
    this.algorithm = JWSAlgorithm.parse(algorithm.name());
    this.verifier = verifier(algorithm, key);
    this.clock = clock;
  }

  /**
   * The claims of a valid token.
   *
   * @throws InvalidTokenException when it is malformed, badly signed, expired or not yet valid
   */
  Claims verify(String token) {
    var known = verified.get(token);
    if (known == null) {
      known = verifySignature(token);
      if (verified.size() >= REMEMBERED) {
        verified.clear();
      }
      verified.put(token, known);
    }
    checkTimes(known.claims().expiresAt(), known.notBefore());
    return known.claims();
  }

  private void checkTimes(Instant expires, Instant notBefore) {
    Instant now = clock.instant();
    if (expires != null && !now.isBefore(expires)) {
      throw new InvalidTokenException("the JWT has expired");
    }
    if (notBefore != null && now.isBefore(notBefore)) {
      throw new InvalidTokenException("the JWT is not valid yet");
    }
  }

  private Verified verifySignature(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("the JWT is malformed");
    }
    if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("the JWT must be signed with " + algorithm);
    }
    try {
      if (!jwt.verify(verifier)) {
        throw new InvalidTokenException("the JWT signature is invalid");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("the JWT signature cannot be verified");
    }
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    Object mercure = claims.getClaim("mercure");
    Map<?, ?> grant = mercure instanceof Map<?, ?> map ? map : Map.of();
    return new Verified(
        new Claims(
            Selectors.compile(strings(grant.get("publish"))),
            Selectors.compile(strings(grant.get("subscribe"))),
            json(grant.get("payload")),
            exp == null ? null : exp.toInstant()),
        nbf == null ? null : nbf.toInstant());
  }

  private static List<String> strings(Object claim) {
    if (!(claim instanceof List<?> list)) {
      return List.of();
    }
    var out = new ArrayList<String>(list.size());
    for (Object item : list) {
      if (item instanceof String text) {
        out.add(text);
      }
    }
    return out;
  }

  private static String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static JWSVerifier verifier(JwtAlgorithm algorithm, String key) {
    try {
      return switch (algorithm) {
        case HS256 -> new MACVerifier(key.getBytes(StandardCharsets.UTF_8));
        case RS256 -> new RSASSAVerifier((RSAPublicKey) publicKey(key, "RSA"));
        case ES256 -> new ECDSAVerifier((ECPublicKey) publicKey(key, "EC"));
      };
    } catch (JOSEException e) {
      throw new IllegalArgumentException(
          algorithm
              + " key refused: "
              + e.getMessage()
              + (algorithm == JwtAlgorithm.HS256
                  ? " (an HS256 secret needs 32 bytes or more)"
                  : ""),
          e);
    }
  }

  /**
   * A PEM public key ({@code BEGIN PUBLIC KEY}) or certificate ({@code BEGIN CERTIFICATE}), given
   * inline or as the path of a PEM file.
   */
  private static PublicKey publicKey(String key, String type) throws JOSEException {
    String pem = key.strip();
    if (!pem.startsWith("-----BEGIN")) {
      try {
        pem = Files.readString(Path.of(pem)).strip();
      } catch (IOException | java.nio.file.InvalidPathException e) {
        throw new IllegalArgumentException(
            "the JWT key is neither PEM text nor a readable file", e);
      }
    }
    try {
      byte[] der =
          Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", ""));
      PublicKey publicKey =
          pem.startsWith("-----BEGIN CERTIFICATE")
              ? CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der))
                  .getPublicKey()
              : KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      if (!publicKey.getAlgorithm().equals(type)) {
        throw new JOSEException("the PEM key is not an " + type + " key");
      }
      return publicKey;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new JOSEException("the PEM key cannot be read: " + e.getMessage(), e);
    }
  }
}
