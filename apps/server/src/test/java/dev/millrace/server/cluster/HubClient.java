package dev.millrace.server.cluster;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A Mercure subscriber (okhttp-eventsource) that records the ids and data it receives. */
final class HubClient implements AutoCloseable {

  final List<MessageEvent> received = new CopyOnWriteArrayList<>();
  private final EventSource source;
  private final Thread reader;

  HubClient(URI uri, String lastEventId) {
    var builder =
        new EventSource.Builder(ConnectStrategy.http(uri).connectTimeout(5, TimeUnit.SECONDS))
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .retryDelay(200, TimeUnit.MILLISECONDS)
            .logger(LDLogger.none());
    if (lastEventId != null) {
      builder.lastEventId(lastEventId);
    }
    source = builder.build();
    reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (StreamEvent event : source.anyEvents()) {
                    if (event instanceof MessageEvent message) {
                      received.add(message);
                    }
                  }
                });
  }

  boolean open() {
    return source.getState().name().equals("OPEN");
  }

  List<String> ids() {
    return received.stream().map(MessageEvent::getLastEventId).toList();
  }

  @Override
  public void close() throws InterruptedException {
    source.close();
    reader.join(5000);
  }
}
