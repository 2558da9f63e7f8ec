package dev.millrace.nats.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.core.Message;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderCodecTest {

  @Test
  void leavesPrintableAsciiReadable() {
    assertThat(HeaderCodec.encode("correlation_id", true)).isEqualTo("correlation_id");
    assertThat(HeaderCodec.encode("2026-11-27T16:00:00Z", false)).isEqualTo("2026-11-27T16:00:00Z");
  }

  @Test
  void percentEncodesWhatHeadersCannotCarry() {
    assertThat(HeaderCodec.encode("a:b", true)).isEqualTo("a%3Ab");
    assertThat(HeaderCodec.encode("50% off\r\n", false)).isEqualTo("50%25%20off%0D%0A");
    assertThat(HeaderCodec.encode("Zoë", false)).isEqualTo("Zo%C3%AB");
  }

  @Test
  void decodingInvertsEncoding() {
    for (var text : new String[] {"plain", "a:b c", "100%", "Zoë\r\n✓", "%41"}) {
      assertThat(HeaderCodec.decode(HeaderCodec.encode(text, true))).isEqualTo(text);
      assertThat(HeaderCodec.decode(HeaderCodec.encode(text, false))).isEqualTo(text);
    }
  }

  @Test
  void rejectsMetadataKeysReservedByTheServer() {
    var message = new Message("id", Map.of("Nats-Expected-Stream", "X"), new byte[0]);
    assertThatThrownBy(() -> HeaderCodec.toHeaders(message))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }
}
