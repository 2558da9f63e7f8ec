package dev.millrace.server.crash;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.DefaultRetryDelayStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Mercure subscriber that behaves like a browser's EventSource (okhttp-eventsource): after any
 * failure it reconnects within a second, sending the id of the last event it received as {@code
 * Last-Event-ID}. Records every event's id and data in the order they arrive. Thread-safe.
 */
final class ResumingSubscriber implements AutoCloseable {

  /** One event as received. */
  record Event(String id, String data) {}

  private final List<Event> received = new ArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final EventSource source;
  private final Thread reader;

  /**
   * Subscribes to {@code uri}, first with {@code lastEventId} ({@code earliest} for the whole
   * history; {@code null} for none).
   */
  ResumingSubscriber(URI uri, String lastEventId) {
    var builder =
        new EventSource.Builder(ConnectStrategy.http(uri).connectTimeout(2, TimeUnit.SECONDS))
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .retryDelayStrategy(
                DefaultRetryDelayStrategy.defaultStrategy().maxDelay(1, TimeUnit.SECONDS))
            .logger(LDLogger.none());
    if (lastEventId != null) {
      builder.lastEventId(lastEventId);
    }
    source = builder.build();
    reader = Thread.ofVirtual().start(this::read);
  }

  private void read() {
    for (var event : source.anyEvents()) {
      switch (event) {
        case MessageEvent message -> {
          synchronized (received) {
            received.add(new Event(message.getLastEventId(), message.getData()));
          }
        }
        case StartedEvent started -> connections.incrementAndGet();
        default -> {}
      }
    }
  }

  /** Every event received so far, in order. */
  List<Event> events() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  boolean hasReceived(String id) {
    synchronized (received) {
      return received.stream().anyMatch(event -> event.id().equals(id));
    }
  }

  /** Streams opened so far (the first one and every reconnection). */
  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws InterruptedException {
    source.close();
    reader.join(5_000);
  }
}
