package dev.millrace.core.router;

import dev.millrace.core.Message;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records per handler: {@code millrace.router.handler} (a timer tagged {@code handler} and {@code
 * outcome} = success or failure) and {@code millrace.router.lag} (milliseconds from {@link
 * Message#PUBLISHED_AT} to the start of handling). The {@link Router} applies it to every handler,
 * outermost.
 */
public final class HandlerMetrics implements Middleware {

  private final MeterRegistry registry;
  private final String handlerName;

  private HandlerMetrics(MeterRegistry registry, String handlerName) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
  }

  public static HandlerMetrics create(MeterRegistry registry, String handlerName) {
    return new HandlerMetrics(registry, handlerName);
  }

  @Override
  public Handler apply(Handler next) {
    Timer success = timer("success");
    Timer failure = timer("failure");
    DistributionSummary lag =
        DistributionSummary.builder("millrace.router.lag")
            .baseUnit("milliseconds")
            .tag("handler", handlerName)
            .register(registry);
    return message -> {
      recordLag(lag, message);
      long start = System.nanoTime();
      boolean succeeded = false;
      try {
        var results = next.handle(message);
        succeeded = true;
        return results;
      } finally {
        (succeeded ? success : failure).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    };
  }

  private Timer timer(String outcome) {
    return Timer.builder("millrace.router.handler")
        .tag("handler", handlerName)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static void recordLag(DistributionSummary lag, Message message) {
    String publishedAt = message.metadata(Message.PUBLISHED_AT);
    if (publishedAt == null) {
      return;
    }
    try {
      long micros = Long.parseLong(publishedAt);
      lag.record(Math.max(0, System.currentTimeMillis() - micros / 1000));
    } catch (NumberFormatException ignored) {
      // not ours to judge: a foreign publisher may format it differently
    }
  }
}
