package dev.millrace.hub;

import dev.millrace.core.MessageListener;
import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import java.util.Objects;

/**
 * How updates travel between the hub's nodes, and where their history lives: a topic of the
 * project's pub/sub. Every publish goes to {@code topic}; every node reads the topic from its
 * oldest retained message on (its history) and then live, in the same order on every node, so each
 * node can serve any subscriber and resume any {@code Last-Event-ID}.
 *
 * <p>With a durable pub/sub whose subscriptions can start at the oldest retained message
 * (JetStream's {@code subscribeFrom(topic, 1, …)}, the SQL pub/sub's {@code subscribeFrom}),
 * history survives restarts and is shared by the nodes. {@link #live} uses a plain fan-out
 * subscription: a node then only knows what was published while it ran.
 *
 * @param publisher where updates are published
 * @param history subscribes to the topic from its oldest retained message
 * @param topic the pub/sub topic that carries the updates
 */
public record HubBus(Publisher publisher, FromOldest history, String topic) {

  public static final String DEFAULT_TOPIC = "mercure-updates";

  /** A subscription from the oldest message the pub/sub retains, then every later one. */
  @FunctionalInterface
  public interface FromOldest {
    Subscription subscribe(String topic, MessageListener listener);
  }

  public HubBus {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(topic, "topic");
  }

  /** A bus whose history starts when the node subscribes (in-process pub/sub, tests). */
  public static HubBus live(Publisher publisher, Subscriber subscriber) {
    return new HubBus(publisher, subscriber::subscribe, DEFAULT_TOPIC);
  }
}
