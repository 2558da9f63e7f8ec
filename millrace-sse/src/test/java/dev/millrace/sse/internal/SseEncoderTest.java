package dev.millrace.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.sse.SseEvent;
import dev.millrace.sse.testing.SseParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEncoderTest {

  @Test
  void encodesEveryField() {
    var event = new SseEvent("42", "update", "hello", Duration.ofMillis(2500), false);
    assertThat(encode(event))
        .isEqualTo(
            """
            id: 42
            event: update
            retry: 2500
            data: hello

            """);
  }

  @Test
  void splitsDataOnLfCrAndCrlf() {
    assertThat(encode(SseEvent.of("a\nb\rc\r\nd")))
        .isEqualTo(
            """
            data: a
            data: b
            data: c
            data: d

            """);
    assertThat(roundTrip("a\nb\rc\r\nd")).isEqualTo("a\nb\nc\nd");
  }

  @Test
  void keepsEmptyDataAndBlankLines() {
    assertThat(encode(SseEvent.of(""))).isEqualTo("data: \n\n");
    assertThat(roundTrip("")).isEmpty();
    assertThat(roundTrip("\n")).isEqualTo("\n");
    assertThat(roundTrip("x\n\n\ny")).isEqualTo("x\n\n\ny");
    assertThat(roundTrip("\r\n\r\n")).isEqualTo("\n\n");
  }

  @Test
  void keepsLeadingSpacesAndColonsInData() {
    assertThat(roundTrip("  two spaces")).isEqualTo("  two spaces");
    assertThat(roundTrip(": not a comment")).isEqualTo(": not a comment");
    assertThat(roundTrip("data: nested")).isEqualTo("data: nested");
  }

  @Test
  void encodesUnicodeAsUtf8() {
    String text = "héllo 世界 🚀";
    byte[] bytes = SseEncoder.encode(SseEvent.of(text)).getBytes();
    assertThat(bytes).isEqualTo(("data: " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    assertThat(roundTrip(text)).isEqualTo(text);
  }

  @Test
  void rejectsLineBreaksAndNulInIdAndEventName() {
    for (String bad : List.of("1\n2", "1\r2", "1\r\n2", "1\u00002")) {
      assertThatThrownBy(() -> SseEvent.of(bad, "x", "d"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SseEvent.named(bad, "d"))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SseEvent.named("", "d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsSpacesAtTheStartOfAnId() {
    var events = parse(encode(SseEvent.of(" 7", "e", "d")));
    assertThat(events).containsExactly(new SseParser.Event(" 7", "e", "d"));
  }

  @Test
  void encodesCommentsLineByLine() {
    assertThat(SseEncoder.comment("a\nb").toString()).isEqualTo(":a\n:b\n\n");
    assertThat(SseEncoder.HEARTBEAT.toString()).isEqualTo(":\n\n");
    assertThat(parse(SseEncoder.comment("x\r\ndata: y").toString())).isEmpty();
  }

  @Test
  void encodesRetryFramesThatDispatchNothing() {
    assertThat(SseEncoder.retry(1500).toString()).isEqualTo("retry: 1500\n\n");
    assertThat(parse(SseEncoder.retry(1500).toString())).isEmpty();
  }

  @Test
  void parsesDecimalIdsAsSequences() {
    assertThat(EncodedEvent.sequenceOf("0")).isZero();
    assertThat(EncodedEvent.sequenceOf("123456789")).isEqualTo(123456789L);
    assertThat(EncodedEvent.sequenceOf(null)).isEqualTo(EncodedEvent.NO_SEQUENCE);
    assertThat(EncodedEvent.sequenceOf("")).isEqualTo(EncodedEvent.NO_SEQUENCE);
    assertThat(EncodedEvent.sequenceOf("-1")).isEqualTo(EncodedEvent.NO_SEQUENCE);
    assertThat(EncodedEvent.sequenceOf("12a")).isEqualTo(EncodedEvent.NO_SEQUENCE);
    assertThat(EncodedEvent.sequenceOf("9".repeat(19))).isEqualTo(EncodedEvent.NO_SEQUENCE);
  }

  @Test
  void framesAnEventAsOneHttpChunkAroundItsEncoding() {
    var event = new SseEvent("7", "line", "é\nsecond", null, true);
    FramedEvent framed = FramedEvent.of(event, 99);
    String encoded = encode(event);
    int length = encoded.getBytes(StandardCharsets.UTF_8).length;

    assertThat(framed.chunk().toString(StandardCharsets.UTF_8))
        .isEqualTo(Integer.toHexString(length) + "\r\n" + encoded + "\r\n");
    assertThat(framed.encoded().bytes().toString(StandardCharsets.UTF_8)).isEqualTo(encoded);
    assertThat(framed.length()).isEqualTo(length);
    assertThat(framed.sequence()).isEqualTo(7);
    assertThat(framed.endsStream()).isTrue();
    assertThat(framed.publishedAtMicros()).isEqualTo(99);
    assertThat(FramedEvent.frame(EncodedEvent.of(event, 99)).chunk()).isEqualTo(framed.chunk());
  }

  private static String encode(SseEvent event) {
    return SseEncoder.encode(event).toString(StandardCharsets.UTF_8);
  }

  private static String roundTrip(String data) {
    var events = parse(encode(SseEvent.of(data)));
    assertThat(events).hasSize(1);
    return events.get(0).data();
  }

  private static List<SseParser.Event> parse(String text) {
    var events = new ArrayList<SseParser.Event>();
    new SseParser(events::add).feed(text);
    return events;
  }
}
