package dev.millrace.sse.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one stream handler (or of the hub), tagged {@code handler}. Counters are
 * incremented once per batch, not once per connection, to keep the fan-out loop cheap; flushes, one
 * per connection written, are the exception.
 */
public final class SseMetrics {

  private final AtomicInteger connections = new AtomicInteger();
  private final Counter renders;
  private final Counter delivered;
  private final Counter flushes;
  private final Counter bytes;
  private final Counter dropped;
  private final Counter slowCloses;
  private final Counter renderFailures;
  private final Counter rendersDeferred;
  private final Counter handoffWaits;
  private final Counter handoffOverflows;
  private final String handler;
  private final Timer publishToWrite;

  public SseMetrics(MeterRegistry registry, String handler) {
    this.handler = handler;
    Gauge.builder("millrace.sse.connections", connections, AtomicInteger::get)
        .description("Open SSE connections")
        .tag("handler", handler)
        .register(registry);
    renders = counter(registry, "millrace.sse.renders", handler, "Events rendered");
    delivered = counter(registry, "millrace.sse.events.delivered", handler, "Event writes");
    flushes =
        counter(
            registry,
            "millrace.sse.flushes",
            handler,
            "Sends of events written below the HTTP encoder: one per connection per pass of its"
                + " event loop, so fewer than the events when a pass has several for a connection");
    bytes =
        Counter.builder("millrace.sse.written")
            .description("Bytes written to SSE connections")
            .baseUnit("bytes")
            .tag("handler", handler)
            .register(registry);
    dropped =
        counter(registry, "millrace.sse.events.dropped", handler, "Stale states skipped (LATEST)");
    slowCloses =
        counter(registry, "millrace.sse.slow.closes", handler, "Connections closed as too slow");
    rendersDeferred =
        counter(
            registry,
            "millrace.sse.renders.deferred",
            handler,
            "Renders that waited for the key's minimum render interval");
    renderFailures =
        counter(
            registry,
            "millrace.sse.render.failures",
            handler,
            "Renders that failed every attempt; their key's connections were closed to resume");
    handoffWaits =
        counter(
            registry,
            "millrace.sse.handoff.waits",
            handler,
            "Hand-offs that waited for an event loop's full queue (backpressure)");
    handoffOverflows =
        counter(
            registry,
            "millrace.sse.handoff.overflows",
            handler,
            "Events an event loop's full queue refused; their connections were closed to resume");
    publishToWrite =
        Timer.builder("millrace.sse.publish.to.write")
            .description("From the message's publish to the write of its event")
            .tag("handler", handler)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String name, String tag, String help) {
    return Counter.builder(name).description(help).tag("handler", tag).register(registry);
  }

  /** The {@code handler} tag, for log lines. */
  public String handler() {
    return handler;
  }

  public AtomicInteger connections() {
    return connections;
  }

  public void rendered(int count) {
    renders.increment(count);
  }

  public void delivered(int events, long byteCount) {
    if (events > 0) {
      delivered.increment(events);
      bytes.increment(byteCount);
    }
  }

  /** Counts one flush of a connection's raw writes (one send). */
  public void flushed() {
    flushes.increment();
  }

  public void dropped() {
    dropped.increment();
  }

  public void slowClose() {
    slowCloses.increment();
  }

  public void renderDeferred() {
    rendersDeferred.increment();
  }

  public void renderFailed() {
    renderFailures.increment();
  }

  public void handoffWaited() {
    handoffWaits.increment();
  }

  public void handoffOverflowed() {
    handoffOverflows.increment();
  }

  /** Records the delay from publish to now, when the publish time is known. */
  public void publishedAt(long publishedAtMicros) {
    if (publishedAtMicros > 0) {
      long micros = System.currentTimeMillis() * 1000 - publishedAtMicros;
      publishToWrite.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }
  }
}
