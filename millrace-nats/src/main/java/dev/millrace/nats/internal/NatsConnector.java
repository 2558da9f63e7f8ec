package dev.millrace.nats.internal;

import dev.millrace.nats.NatsUnreachableException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a connection that fails fast when the server is unreachable at start, and once connected
 * reconnects forever with jittered exponential backoff (100 ms doubling up to 5 s).
 */
public final class NatsConnector {

  private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);
  private static final long MIN_DELAY_MILLIS = 100;
  private static final long MAX_DELAY_MILLIS = 5_000;

  private NatsConnector() {}

  /**
   * @param closing true once the owner started closing the connection, so that the disconnect it
   *     causes is not reported as a loss
   */
  public static Connection connect(String url, BooleanSupplier closing) {
    var options =
        Options.builder()
            .server(url)
            .connectionName("millrace")
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(-1)
            .reconnectDelayHandler(NatsConnector::reconnectDelay)
            .connectionListener(listener(closing))
            .errorListener(new LoggingErrorListener())
            .build();
    try {
      return Nats.connect(options);
    } catch (IOException e) {
      throw new NatsUnreachableException("Cannot connect to NATS at " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsUnreachableException("Interrupted while connecting to NATS at " + url, e);
    }
  }

  static Duration reconnectDelay(long attempt) {
    long ceiling = MIN_DELAY_MILLIS << Math.min(attempt, 6);
    long capped = Math.min(ceiling, MAX_DELAY_MILLIS);
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  /** Reports losing an established connection, not a failed first connect nor a close. */
  private static ConnectionListener listener(BooleanSupplier closing) {
    var established = new AtomicBoolean();
    return (connection, event) -> {
      if (event == ConnectionListener.Events.CONNECTED) {
        established.set(true);
      }
      onEvent(event, established.get() && !closing.getAsBoolean());
    };
  }

  private static void onEvent(ConnectionListener.Events event, boolean unexpected) {
    switch (event) {
      case DISCONNECTED -> {
        if (unexpected) {
          log.warn("NATS connection lost; reconnecting");
        }
      }
      case RECONNECTED -> log.warn("NATS connection restored");
      default -> log.debug("NATS connection event {}", event);
    }
  }
}
