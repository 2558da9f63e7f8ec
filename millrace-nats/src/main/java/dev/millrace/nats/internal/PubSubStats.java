package dev.millrace.nats.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one JetStream pub/sub, exposed to Micrometer as function counters. */
public final class PubSubStats {

  private final LongAdder published = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder nacked = new LongAdder();
  private final LongAdder listenerErrors = new LongAdder();

  void published(boolean duplicate) {
    (duplicate ? duplicates : published).increment();
  }

  void publishFailed() {
    publishFailures.increment();
  }

  void delivered(int attempt) {
    (attempt > 1 ? redelivered : delivered).increment();
  }

  void listenerError() {
    listenerErrors.increment();
  }

  /** Errors (not exceptions) thrown by listeners, and failures of the consumer loops. */
  public long listenerErrors() {
    return listenerErrors.sum();
  }

  void settled(NatsDelivery.Outcome outcome) {
    switch (outcome) {
      case ACKED -> acked.increment();
      case NACKED -> nacked.increment();
      case ABANDONED -> {}
    }
  }

  public void bindTo(MeterRegistry registry, Tags tags) {
    counter(registry, "millrace.nats.published", "stored by the server", published, tags);
    counter(
        registry,
        "millrace.nats.published.duplicates",
        "dropped by the server's deduplication",
        duplicates,
        tags);
    counter(registry, "millrace.nats.publish.failures", "not acknowledged", publishFailures, tags);
    counter(registry, "millrace.nats.delivered", "first deliveries", delivered, tags);
    counter(registry, "millrace.nats.redelivered", "deliveries after a nack", redelivered, tags);
    counter(registry, "millrace.nats.acked", "deliveries acked", acked, tags);
    counter(registry, "millrace.nats.nacked", "deliveries nacked", nacked, tags);
    FunctionCounter.builder("millrace.nats.listener.errors", listenerErrors, LongAdder::doubleValue)
        .description("Errors thrown by listeners or consumer loops; the loops go on")
        .tags(tags)
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry, String name, String description, LongAdder value, Tags tags) {
    FunctionCounter.builder(name, value, LongAdder::doubleValue)
        .description("Messages " + description)
        .tags(tags)
        .register(registry);
  }
}
