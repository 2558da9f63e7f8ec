package dev.millrace.bench.load;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * Where a load generator subscribes and publishes: one host and port, the path of a topic's stream
 * and of its publish endpoint ({@code %s} is the topic name), and extra publish headers.
 */
public record Endpoint(
    InetSocketAddress address,
    String subscribePattern,
    String publishPattern,
    Map<String, String> publishHeaders) {

  public Endpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(subscribePattern, "subscribePattern");
    Objects.requireNonNull(publishPattern, "publishPattern");
    publishHeaders = Map.copyOf(publishHeaders);
  }

  /** The topic name of topic number {@code index}. */
  public static String topicName(int index) {
    return "bench-" + index;
  }

  public String subscribePath(int topic) {
    return subscribePattern.formatted(topicName(topic));
  }

  public String publishPath(int topic) {
    return publishPattern.formatted(topicName(topic));
  }

  public String hostHeader() {
    return address.getHostString() + ":" + address.getPort();
  }
}
