package dev.millrace.server.cluster;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.FaultEvent;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A browser-like EventSource client that reconnects forever and keeps the latest event's data. */
public final class LiveClient implements AutoCloseable {

  private final EventSource source;
  private final Thread reader;
  private final AtomicReference<String> latest = new AtomicReference<>("");
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger faults = new AtomicInteger();

  public LiveClient(URI uri) {
    source =
        new EventSource.Builder(uri)
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(200, TimeUnit.MILLISECONDS)
            .logger(LDLogger.none())
            .build();
    reader = Thread.ofVirtual().start(this::read);
  }

  private void read() {
    for (var event : source.anyEvents()) {
      switch (event) {
        case MessageEvent message -> latest.set(message.getData());
        case StartedEvent started -> starts.incrementAndGet();
        case FaultEvent fault -> faults.incrementAndGet();
        default -> {}
      }
    }
  }

  public String latest() {
    return latest.get();
  }

  public int starts() {
    return starts.get();
  }

  public int faults() {
    return faults.get();
  }

  @Override
  public void close() throws InterruptedException {
    source.close();
    reader.join(5_000);
  }
}
