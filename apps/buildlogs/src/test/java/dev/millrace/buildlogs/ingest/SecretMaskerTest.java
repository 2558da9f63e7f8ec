package dev.millrace.buildlogs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  @Test
  void masksEveryOccurrenceLongestFirst() {
    var masker = new SecretMasker(List.of("token", "token-with-suffix"));
    assertThat(masker.mask("a token-with-suffix and a token, token"))
        .isEqualTo("a *** and a ***, ***");
  }

  @Test
  void masksEachLineOfAMultiLineSecret() {
    var masker = new SecretMasker(List.of("-----BEGIN KEY-----\nMIIEabcd\r\n-----END KEY-----"));
    assertThat(masker.mask("MIIEabcd")).isEqualTo("***");
    assertThat(masker.mask("-----END KEY-----")).isEqualTo("***");
  }

  @Test
  void ignoresPartsTooShortToMaskSafely() {
    var masker = new SecretMasker(List.of("ab\nlong-enough"));
    assertThat(masker.mask("ab long-enough")).isEqualTo("ab ***");
    assertThat(SecretMasker.NONE.mask("nothing to hide")).isEqualTo("nothing to hide");
  }
}
