package dev.millrace.buildlogs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenSignerTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final SigningKey KEY = SigningKey.random();

  TokenSigner signer(Instant now, SigningKey key) {
    return new TokenSigner(key, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aSignedCredentialVerifiesOnAnyNodeWithTheSameKey() {
    var token = signer(NOW, KEY).sign("stream", "acme/widgets", Duration.ofMinutes(5));
    var sameKeyElsewhere = SigningKey.parse(Forgery.hex(KEY));
    assertThat(signer(NOW.plusSeconds(60), sameKeyElsewhere).verify("stream", token))
        .hasValue("acme/widgets");
  }

  @Test
  void rejectsExpiredForgedOtherScopeAndOtherKeyCredentials() {
    var token = signer(NOW, KEY).sign("stream", "acme/widgets", Duration.ofMinutes(5));
    assertThat(signer(NOW.plusSeconds(301), KEY).verify("stream", token)).isEmpty();
    assertThat(signer(NOW, KEY).verify("session", token)).isEmpty();
    assertThat(signer(NOW, SigningKey.random()).verify("stream", token)).isEmpty();
    var forged =
        token.replaceFirst(
            "^[^.]+",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("stream|acme/secret|9999999999".getBytes(StandardCharsets.UTF_8)));
    assertThat(signer(NOW, KEY).verify("stream", forged)).isEmpty();
    assertThat(signer(NOW, KEY).verify("stream", "garbage")).isEmpty();
    assertThat(signer(NOW, KEY).verify("stream", "a.b.c")).isEmpty();
  }

  @Test
  void aCredentialSignedWithAKeyDerivedFromTheTokensIsRefused() {
    var forged =
        Forgery.signWithTokenDerivedKey(
            "runner-token",
            "viewer-token",
            "stream|acme/secret|" + NOW.plusSeconds(600).getEpochSecond());
    assertThat(signer(NOW, KEY).verify("stream", forged)).isEmpty();
  }
}
