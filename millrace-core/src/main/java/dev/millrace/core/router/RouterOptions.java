package dev.millrace.core.router;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link Router}.
 *
 * @param meterRegistry where the per-handler metrics go (see {@link HandlerMetrics})
 * @param publishTimeout how long the router waits for a handler's results to be published before it
 *     gives up and nacks the input
 */
public record RouterOptions(MeterRegistry meterRegistry, Duration publishTimeout) {

  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  public RouterOptions {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    if (publishTimeout.isNegative() || publishTimeout.isZero()) {
      throw new IllegalArgumentException("publishTimeout must be positive: " + publishTimeout);
    }
  }

  /** Defaults; metrics go to Micrometer's global registry. */
  public static RouterOptions defaults() {
    return new RouterOptions(Metrics.globalRegistry, DEFAULT_PUBLISH_TIMEOUT);
  }

  public RouterOptions withMeterRegistry(MeterRegistry meterRegistry) {
    return new RouterOptions(meterRegistry, publishTimeout);
  }

  public RouterOptions withPublishTimeout(Duration publishTimeout) {
    return new RouterOptions(meterRegistry, publishTimeout);
  }
}
