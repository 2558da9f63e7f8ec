package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.core.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  private final List<Duration> waits = new ArrayList<>();
  private final Retry retry =
      new Retry(
          new Retry.Options(4, Duration.ofMillis(10), 3.0, Duration.ofMillis(100)), waits::add);
  private final Message input = Message.of(new byte[0]);

  @Test
  void retriesWithExponentialBackoffCappedAtTheMaximum() {
    var calls = new AtomicInteger();
    Handler alwaysFails =
        message -> {
          calls.incrementAndGet();
          throw new IllegalStateException("boom " + calls.get());
        };

    assertThatThrownBy(() -> retry.apply(alwaysFails).handle(input)).hasMessage("boom 5");
    assertThat(calls).hasValue(5);
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(10),
            Duration.ofMillis(30),
            Duration.ofMillis(90),
            Duration.ofMillis(100));
  }

  @Test
  void returnsTheFirstSuccessfulResult() throws Exception {
    var calls = new AtomicInteger();
    Message result = Message.of(new byte[] {1});
    Handler failsTwice =
        message -> {
          if (calls.incrementAndGet() <= 2) {
            throw new IllegalStateException("not yet");
          }
          return List.of(result);
        };

    assertThat(retry.apply(failsTwice).handle(input)).containsExactly(result);
    assertThat(calls).hasValue(3);
    assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(30));
  }

  @Test
  void zeroRetriesCallsOnce() {
    var calls = new AtomicInteger();
    var once = new Retry(new Retry.Options(0, Duration.ZERO, 1.0, Duration.ZERO), waits::add);

    assertThatThrownBy(
            () ->
                once.apply(
                        message -> {
                          calls.incrementAndGet();
                          throw new IllegalStateException();
                        })
                    .handle(input))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
    assertThat(waits).isEmpty();
  }
}
