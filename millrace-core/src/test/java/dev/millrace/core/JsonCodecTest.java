package dev.millrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  record PostCreated(long postId, String author, List<String> tags, Instant occurredAt) {}

  private final JsonCodec codec = JsonCodec.create();

  @Test
  void roundTripsRecordsWithJavaTime() {
    var event =
        new PostCreated(
            7, "ada", List.of("java", "sse"), Instant.parse("2026-01-02T03:04:05.123456Z"));

    byte[] json = codec.encode(event);

    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            """
            {"postId":7,"author":"ada","tags":["java","sse"],"occurredAt":"2026-01-02T03:04:05.123456Z"}""");
    assertThat(codec.decode(json, PostCreated.class)).isEqualTo(event);
  }

  @Test
  void ignoresUnknownFields() {
    byte[] json =
        """
        {"postId":1,"author":"bob","tags":[],"occurredAt":"2026-01-01T00:00:00Z","extra":true}"""
            .getBytes(StandardCharsets.UTF_8);

    assertThat(codec.decode(json, PostCreated.class).author()).isEqualTo("bob");
  }

  @Test
  void messageCarriesEventTypeAndPayload() {
    var event = new PostCreated(1, "c", List.of(), Instant.EPOCH);

    Message message = codec.message("post-created", event);

    assertThat(message.metadata(Message.EVENT_TYPE)).isEqualTo("post-created");
    assertThat(codec.decode(message, PostCreated.class)).isEqualTo(event);
  }

  @Test
  void malformedPayloadFailsWithDecodingException() {
    assertThatThrownBy(() -> codec.decode("{".getBytes(StandardCharsets.UTF_8), PostCreated.class))
        .isInstanceOf(PayloadDecodingException.class)
        .hasMessageContaining("PostCreated");
  }

  static String text(Message message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }
}
