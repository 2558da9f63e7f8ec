package dev.millrace.feeds.hub;

import dev.millrace.feeds.projection.Projected;
import dev.millrace.feeds.projection.ProjectionListener;
import dev.millrace.hub.Update;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the projection committed to the Mercure hub, best-effort: the updates of each
 * batch ({@link HubUpdates}: one per changed resource) are handed to the {@link HubPublisher}
 * without waiting for them, so the hub never holds the projection back, and a publish that fails is
 * counted, not retried: the next change of the resource brings a new update.
 *
 * <p>Counts every update in {@code millrace.feeds.hub.updates{outcome=published|failed|dropped}}:
 * failed when the publisher refuses it, fails or does not answer within {@link #PUBLISH_TIMEOUT};
 * dropped when {@link #MAX_IN_FLIGHT} updates already wait for the hub, so a hub that stalls costs
 * no memory. Logs at WARN when publishing starts failing, and once it works again. Thread-safe.
 */
public final class HubNotifier implements ProjectionListener {

  /** The most updates waiting for the hub; more are dropped. */
  public static final int MAX_IN_FLIGHT = 1_000;

  /** How long an update may wait for the hub before it counts as failed. */
  public static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(HubNotifier.class);

  private final HubUpdates updates;
  private final HubPublisher publisher;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final Counter published;
  private final Counter failed;
  private final Counter dropped;

  HubNotifier(HubUpdates updates, HubPublisher publisher, MeterRegistry registry, int maxInFlight) {
    this.updates = updates;
    this.publisher = publisher;
    this.maxInFlight = maxInFlight;
    this.published = counter(registry, "published");
    this.failed = counter(registry, "failed");
    this.dropped = counter(registry, "dropped");
  }

  /** A notifier for the resources under {@code apiUrl} (such as {@code https://host/api}). */
  public static HubNotifier create(String apiUrl, HubPublisher publisher, MeterRegistry registry) {
    return new HubNotifier(
        new HubUpdates(new HubTopics(apiUrl)), publisher, registry, MAX_IN_FLIGHT);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("millrace.feeds.hub.updates")
        .description("Updates of the feeds app's resources sent to the Mercure hub, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void committed(List<Projected> batch) {
    for (var update : updates.of(batch)) {
      publish(update);
    }
  }

  private void publish(Update update) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      dropped.increment();
      log.debug(
          "hub update dropped: too many wait for the hub topic={} id={}",
          topic(update),
          update.id());
      return;
    }
    var outcome =
        new CompletableFuture<String>()
            .orTimeout(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    outcome.whenComplete((id, failure) -> settled(update, failure));
    try {
      CompletionStage<String> stage = publisher.publish(update);
      stage.whenComplete(
          (id, failure) -> {
            if (failure == null) {
              outcome.complete(id);
            } else {
              outcome.completeExceptionally(failure);
            }
          });
    } catch (RuntimeException e) {
      outcome.completeExceptionally(e);
    }
  }

  private void settled(Update update, Throwable failure) {
    inFlight.decrementAndGet();
    if (failure == null) {
      published.increment();
      if (failing.compareAndSet(true, false)) {
        log.warn("hub updates are published again topic={} id={}", topic(update), update.id());
      }
      return;
    }
    failed.increment();
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "hub updates fail; each is counted as millrace.feeds.hub.updates outcome=failed until"
              + " one is published again topic={} id={}",
          topic(update),
          update.id(),
          failure);
    } else {
      log.debug("hub update failed topic={} id={}", topic(update), update.id(), failure);
    }
  }

  private static String topic(Update update) {
    return update.topics().getFirst();
  }
}
