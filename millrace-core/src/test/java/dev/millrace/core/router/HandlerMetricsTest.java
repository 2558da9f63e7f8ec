package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.core.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void countsSuccessesFailuresAndLag() throws Exception {
    Handler handler =
        HandlerMetrics.create(registry, "projection")
            .apply(
                message -> {
                  if (message.payload().length == 0) {
                    throw new IllegalStateException("empty");
                  }
                  return List.of();
                });
    long tenSecondsAgoMicros = (System.currentTimeMillis() - 10_000) * 1000;
    Message late =
        Message.of(new byte[] {1})
            .withMetadata(Message.PUBLISHED_AT, Long.toString(tenSecondsAgoMicros));

    handler.handle(late);
    handler.handle(Message.of(new byte[] {1}));
    assertThatThrownBy(() -> handler.handle(Message.of(new byte[0])));

    assertThat(timerCount("success")).isEqualTo(2);
    assertThat(timerCount("failure")).isEqualTo(1);
    var lag = registry.get("millrace.router.lag").tag("handler", "projection").summary();
    assertThat(lag.count()).isEqualTo(1);
    assertThat(lag.max()).isGreaterThanOrEqualTo(10_000);
  }

  private long timerCount(String outcome) {
    return registry
        .get("millrace.router.handler")
        .tag("handler", "projection")
        .tag("outcome", outcome)
        .timer()
        .count();
  }
}
