package dev.millrace.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What an adapter promises beyond the basic contract; {@link PubSubContractTest} skips the tests of
 * features an adapter leaves out.
 *
 * @param consumerGroups subscriptions naming the same group share the messages
 * @param redeliversUnackedOnClose a message delivered but not acked when a group member's
 *     subscription closes goes to another member
 * @param durable messages published while no member of a group is subscribed wait for the group's
 *     next subscription, even from another subscriber instance (another process)
 * @param orderedGroups a group delivers in publish order: one member at a time holds the group, the
 *     others wait and take over (so two members never hold messages of one topic at once)
 * @param timeout how long the suite waits for any expected delivery
 */
public record PubSubFeatures(
    boolean consumerGroups,
    boolean redeliversUnackedOnClose,
    boolean durable,
    boolean orderedGroups,
    Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  public PubSubFeatures {
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Groups with redelivery on close, members working in parallel, not durable. */
  public static PubSubFeatures defaults() {
    return new PubSubFeatures(true, true, false, false, DEFAULT_TIMEOUT);
  }

  public PubSubFeatures withConsumerGroups(boolean consumerGroups) {
    return new PubSubFeatures(
        consumerGroups, redeliversUnackedOnClose, durable, orderedGroups, timeout);
  }

  public PubSubFeatures withRedeliversUnackedOnClose(boolean redeliversUnackedOnClose) {
    return new PubSubFeatures(
        consumerGroups, redeliversUnackedOnClose, durable, orderedGroups, timeout);
  }

  public PubSubFeatures withDurable(boolean durable) {
    return new PubSubFeatures(
        consumerGroups, redeliversUnackedOnClose, durable, orderedGroups, timeout);
  }

  public PubSubFeatures withOrderedGroups(boolean orderedGroups) {
    return new PubSubFeatures(
        consumerGroups, redeliversUnackedOnClose, durable, orderedGroups, timeout);
  }

  public PubSubFeatures withTimeout(Duration timeout) {
    return new PubSubFeatures(
        consumerGroups, redeliversUnackedOnClose, durable, orderedGroups, timeout);
  }
}
