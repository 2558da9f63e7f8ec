package dev.millrace.core;

/**
 * How to subscribe.
 *
 * @param group consumer group shared by the subscriptions that split the messages between them, or
 *     {@code null} for a fan-out subscription that sees every message
 */
public record SubscribeOptions(String group) {

  public static final SubscribeOptions DEFAULTS = new SubscribeOptions(null);

  public SubscribeOptions {
    if (group != null && group.isBlank()) {
      throw new IllegalArgumentException("group must not be blank");
    }
  }

  public static SubscribeOptions group(String group) {
    return new SubscribeOptions(group);
  }
}
