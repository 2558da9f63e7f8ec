package dev.millrace.bench.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

  private final List<String> seen = new ArrayList<>();
  private final SseParser parser =
      new SseParser(
          new SseListener() {
            @Override
            public void onEvent(String id, String type, String data) {
              seen.add("event id=" + id + " type=" + type + " data=" + data);
            }

            @Override
            public void onComment(String text) {
              seen.add("comment " + text);
            }

            @Override
            public void onRetry(long millis) {
              seen.add("retry " + millis);
            }
          });

  private static final String STREAM =
      """
      : hello
      retry: 1500
      id: 7
      event: post
      data: first
      data:  second

      data: no id change

      data:x
      event

      id
      data
      data

      """;

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\r\n"})
  void parsesTheSameEventsWhateverTheLineEnding(String ending) {
    feedInPieces(STREAM.replace("\n", ending), 1);

    assertExpectedEvents();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 1000})
  void crlfSplitAcrossReadsIsOneLineEnd(int pieceSize) {
    feedInPieces(STREAM.replace("\n", "\r\n"), pieceSize);

    assertExpectedEvents();
  }

  @Test
  void skipsOnlyTheLeadingByteOrderMark() {
    feed("\uFEFFdata: a\n\n\uFEFFdata: b\n\ndata: c\n\n");

    // A later BOM belongs to the field name, which makes "\uFEFFdata" an unknown field.
    assertThat(seen)
        .containsExactly("event id= type=message data=a", "event id= type=message data=c");
  }

  @Test
  void dropsAnEventWithoutDataAndAnUnfinishedOne() {
    feed("event: lonely\n\ndata: late\n\ndata: cut off");

    assertThat(seen).containsExactly("event id= type=message data=late");
  }

  @Test
  void ignoresAnIdWithNulAndARetryThatIsNotDigits() {
    feed("id: 1\n\ndata: a\n\nid: 2\u00003\nretry: 10s\ndata: b\n\n");

    assertThat(seen)
        .containsExactly("event id=1 type=message data=a", "event id=1 type=message data=b");
    assertThat(parser.lastEventId()).isEqualTo("1");
  }

  @Test
  void decodesUtf8SplitAcrossReads() {
    feedInPieces("data: café ✓\n\n", 1);

    assertThat(seen).containsExactly("event id= type=message data=café ✓");
  }

  private void assertExpectedEvents() {
    assertThat(seen)
        .containsExactly(
            "comment  hello",
            "retry 1500",
            "event id=7 type=post data=first\n second",
            "event id=7 type=message data=no id change",
            "event id=7 type=message data=x",
            "event id= type=message data=\n");
  }

  private void feed(String text) {
    feedInPieces(text, Integer.MAX_VALUE);
  }

  private void feedInPieces(String text, int pieceSize) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += pieceSize) {
      parser.feed(bytes, i, Math.min(pieceSize, bytes.length - i));
    }
  }
}
