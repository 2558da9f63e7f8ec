package dev.millrace.buildlogs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenSignerTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  TokenSigner signer(Instant now, String viewer) {
    return new TokenSigner("runner-token", viewer, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aSignedCredentialVerifiesOnAnyNodeWithTheSameTokens() {
    var token = signer(NOW, "viewer-token").sign("stream", "acme/widgets", Duration.ofMinutes(5));
    assertThat(signer(NOW.plusSeconds(60), "viewer-token").verify("stream", token))
        .hasValue("acme/widgets");
  }

  @Test
  void rejectsExpiredForgedOtherScopeAndOtherKeyCredentials() {
    var token = signer(NOW, "viewer-token").sign("stream", "acme/widgets", Duration.ofMinutes(5));
    assertThat(signer(NOW.plusSeconds(301), "viewer-token").verify("stream", token)).isEmpty();
    assertThat(signer(NOW, "viewer-token").verify("session", token)).isEmpty();
    assertThat(signer(NOW, "other-viewer-token").verify("stream", token)).isEmpty();
    var forged =
        token.replaceFirst(
            "^[^.]+",
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "stream|acme/secret|9999999999"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(signer(NOW, "viewer-token").verify("stream", forged)).isEmpty();
    assertThat(signer(NOW, "viewer-token").verify("stream", "garbage")).isEmpty();
    assertThat(signer(NOW, "viewer-token").verify("stream", "a.b.c")).isEmpty();
  }
}
