package dev.millrace.feeds.projection;

import dev.millrace.feeds.readmodel.Projection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts projected events by outcome: {@code millrace.feeds.projections{outcome=…}}; {@code
 * malformed} counts every attempt at an event that cannot be read (it ends as a dead letter).
 * {@code millrace.feeds.projection.listener.failures} counts calls of the {@link
 * ProjectionListener} that threw.
 */
final class ProjectionMetrics {

  private final Counter changed;
  private final Counter unchanged;
  private final Counter malformed;
  private final Counter listenerFailures;

  ProjectionMetrics(MeterRegistry registry) {
    changed = counter(registry, "changed");
    unchanged = counter(registry, "unchanged");
    malformed = counter(registry, "malformed");
    listenerFailures =
        Counter.builder("millrace.feeds.projection.listener.failures")
            .description("Calls of the projection listener that threw (the projection went on)")
            .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("millrace.feeds.projections")
        .description("Post events applied to the read model, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void applied(Projection projection) {
    (projection.changed() ? changed : unchanged).increment();
  }

  void malformed() {
    malformed.increment();
  }

  void listenerFailed() {
    listenerFailures.increment();
  }
}
