package dev.millrace.testkit;

import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import java.util.Objects;

/**
 * The publisher and subscriber of one adapter instance, connected to the same broker (possibly the
 * same object). {@link #close()} closes both, the subscriber first.
 */
public record PubSubUnderTest(Publisher publisher, Subscriber subscriber) implements AutoCloseable {

  public PubSubUnderTest {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(subscriber, "subscriber");
  }

  /** For adapters whose one object is both publisher and subscriber. */
  public static <T extends Publisher & Subscriber> PubSubUnderTest of(T pubSub) {
    return new PubSubUnderTest(pubSub, pubSub);
  }

  @Override
  public void close() {
    subscriber.close();
    if (publisher != subscriber) {
      publisher.close();
    }
  }
}
