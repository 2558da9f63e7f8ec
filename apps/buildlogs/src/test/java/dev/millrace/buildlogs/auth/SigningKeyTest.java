package dev.millrace.buildlogs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

  static final byte[] BYTES = new byte[32];

  static {
    for (int i = 0; i < BYTES.length; i++) {
      BYTES[i] = (byte) (i * 7 + 3);
    }
  }

  @Test
  void parsesHexAndBase64OfAtLeast32Bytes() {
    var hex = SigningKey.parse(HexFormat.of().formatHex(BYTES));
    assertThat(SigningKey.parse(Base64.getEncoder().encodeToString(BYTES))).isEqualTo(hex);
    assertThat(SigningKey.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES)))
        .isEqualTo(hex);
    assertThat(hex.toString()).doesNotContain(HexFormat.of().formatHex(BYTES));
  }

  @Test
  void refusesShortWeakAndMalformedKeysInOneLine() {
    assertThatThrownBy(() -> SigningKey.parse(HexFormat.of().formatHex(new byte[31])))
        .hasMessageContaining("31 bytes, at least 32")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> SigningKey.parse("00".repeat(32))).hasMessageContaining("too weak");
    assertThatThrownBy(() -> SigningKey.parse("not a key!")).hasMessageContaining("hex or base64");
  }

  @Test
  void aGeneratedKeyIsKeptOwnerOnlyAndReadBackOnTheNextStart(@TempDir Path dir) throws Exception {
    var file = dir.resolve("data").resolve(SigningKey.FILE_NAME);
    var first = SigningKey.loadOrCreate(file);
    assertThat(Files.exists(file)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SigningKey.loadOrCreate(file)).isEqualTo(first);
    assertThat(SigningKey.loadOrCreate(dir.resolve("other.key"))).isNotEqualTo(first);
  }
}
