package dev.millrace.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubscriberStreamTest {

  private final LoadStats stats = new LoadStats();
  private final SubscriberStream stream = new SubscriberStream(3, stats);

  @Test
  void payloadRoundTripsAndIsPaddedToItsSize() {
    var payload = new Payload(3, 42, 1_732_712_345_678_901L);

    String data = payload.encode(100);

    assertThat(data).hasSize(100).startsWith("t:3 s:42 p:1732712345678901.");
    assertThat(Payload.decode(data)).isEqualTo(payload);
    assertThatThrownBy(() -> Payload.decode("hello")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsDuplicatesReorderingsForeignEventsAndWhatIsMissing() {
    receive(3, 1);
    receive(3, 3);
    receive(3, 2);
    receive(3, 3);
    receive(4, 4);
    stream.onEvent("", "message", "not a payload");
    receive(3, 6);

    assertThat(stats.deliveries()).isEqualTo(4);
    assertThat(stats.duplicates()).isEqualTo(1);
    assertThat(stats.reorderings()).isEqualTo(1);
    assertThat(stats.foreignEvents()).isEqualTo(2);
    assertThat(stream.distinct()).isEqualTo(4);
    assertThat(stream.missingUpTo(7)).isEqualTo(3);
    assertThat(stream.hasAllUpTo(3)).isTrue();
    assertThat(stream.hasAllUpTo(4)).isFalse();
    assertThat(stream.lastEventId()).isEqualTo("id-6");
  }

  @Test
  void recordsLatencyOnlyForEventsSentInTheMeasuredWindow() {
    long now = Payload.nowMicros();
    stats.measureWindow(now - 1_000_000, now + 1_000_000);

    stream.onEvent("a", "message", new Payload(3, 1, now - 2_000_000).encode(0));
    stream.onEvent("b", "message", new Payload(3, 2, now).encode(0));

    assertThat(stats.deliveries()).isEqualTo(2);
    assertThat(stats.measuredDeliveries()).isEqualTo(1);
    assertThat(stats.takeLatencies().getTotalCount()).isEqualTo(1);
  }

  private void receive(int topic, long seq) {
    stream.onEvent("id-" + seq, "message", new Payload(topic, seq, Payload.nowMicros()).encode(0));
  }
}
