package dev.millrace.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.millrace.hub.JwtAlgorithm;
import dev.millrace.hub.testing.Jwts;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private final TokenVerifier hs256 =
      new TokenVerifier(JwtAlgorithm.HS256, Jwts.SECRET, Clock.systemUTC());

  @Test
  void readsTheMercureClaim() {
    String token =
        Jwts.hs256(
            Map.of(
                "publish", List.of("urn:a"),
                "subscribe", List.of("https://example.com/{id}"),
                "payload", Map.of("user", "kim")),
            Instant.now().plusSeconds(60));
    Claims claims = hs256.verify(token);
    assertThat(claims.publish().matches("urn:a")).isTrue();
    assertThat(claims.publish().matches("urn:b")).isFalse();
    assertThat(claims.subscribe().matches("https://example.com/7")).isTrue();
    assertThat(claims.payload()).isEqualTo("{\"user\":\"kim\"}");
    assertThat(claims.expiresAt()).isAfter(Instant.now());
  }

  @Test
  void aTokenWithoutMercureClaimGrantsNothing() {
    Claims claims = hs256.verify(Jwts.hs256(Map.of(), null));
    assertThat(claims.publish().isEmpty()).isTrue();
    assertThat(claims.subscribe().isEmpty()).isTrue();
  }

  @Test
  void aRememberedTokenStillExpiresAndATamperedCopyIsCheckedAfresh() {
    var now =
        new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    var clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    var verifier = new TokenVerifier(JwtAlgorithm.HS256, Jwts.SECRET, clock);
    String token = Jwts.hs256(Map.of("publish", List.of("urn:a")), now.get().plusSeconds(60));

    assertThat(verifier.verify(token).publish().matches("urn:a")).isTrue();
    assertThat(verifier.verify(token).publish().matches("urn:a")).isTrue();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(InvalidTokenException.class);
    now.set(now.get().plusSeconds(60));
    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("expired");
  }

  @Test
  void refusesBadSignaturesExpiredTokensAndGarbage() {
    var other = new TokenVerifier(JwtAlgorithm.HS256, "z".repeat(40), Clock.systemUTC());
    assertThatThrownBy(() -> other.verify(Jwts.subscriber(List.of("*"))))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> hs256.verify(Jwts.hs256(Map.of(), Instant.now().minusSeconds(1))))
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> hs256.verify("not-a-jwt")).hasMessageContaining("malformed");
  }

  @Test
  void anHs256SecretShorterThan32BytesIsRefusedAtStart() {
    assertThatThrownBy(() -> new TokenVerifier(JwtAlgorithm.HS256, "short", Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void rs256WithAPemPublicKeyAndNoAlgorithmConfusion() throws Exception {
    var key = new RSAKeyGenerator(2048).generate();
    var verifier =
        new TokenVerifier(JwtAlgorithm.RS256, pem(key.toRSAPublicKey()), Clock.systemUTC());
    String token =
        Jwts.sign(
            new RSASSASigner(key), JWSAlgorithm.RS256, Map.of("subscribe", List.of("*")), null);
    assertThat(verifier.verify(token).subscribe().matches("x")).isTrue();
    // An HS256 token is refused by an RS256 hub, whatever its signature.
    assertThatThrownBy(() -> verifier.verify(Jwts.subscriber(List.of("*"))))
        .hasMessageContaining("RS256");
  }

  @Test
  void es256WithAPemPublicKey() throws Exception {
    var key = new ECKeyGenerator(Curve.P_256).generate();
    var verifier =
        new TokenVerifier(JwtAlgorithm.ES256, pem(key.toECPublicKey()), Clock.systemUTC());
    String token =
        Jwts.sign(new ECDSASigner(key), JWSAlgorithm.ES256, Map.of("publish", List.of("*")), null);
    assertThat(verifier.verify(token).publish().matches("x")).isTrue();
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
