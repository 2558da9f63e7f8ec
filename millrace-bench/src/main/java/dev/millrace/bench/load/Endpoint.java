package dev.millrace.bench.load;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * Where a load generator subscribes and publishes: one host and port, the path of a topic's stream
 * and of its publish endpoint ({@code %s} is the topic name), extra publish headers, and a prefix
 * of topic names that keeps runs against the same server apart. A Mercure endpoint ({@code
 * mercure}) takes each publish as a form, {@code topic=<name>&data=<body>}.
 */
public record Endpoint(
    InetSocketAddress address,
    String subscribePattern,
    String publishPattern,
    Map<String, String> publishHeaders,
    String topicPrefix,
    boolean mercure) {

  public Endpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(subscribePattern, "subscribePattern");
    Objects.requireNonNull(publishPattern, "publishPattern");
    publishHeaders = Map.copyOf(publishHeaders);
    Objects.requireNonNull(topicPrefix, "topicPrefix");
  }

  public Endpoint(
      InetSocketAddress address,
      String subscribePattern,
      String publishPattern,
      Map<String, String> publishHeaders) {
    this(address, subscribePattern, publishPattern, publishHeaders, "bench", false);
  }

  /** A Mercure hub at {@code path}: subscribe with {@code ?topic=}, publish forms. */
  public static Endpoint mercure(
      InetSocketAddress address, String path, Map<String, String> publishHeaders) {
    return new Endpoint(address, path + "?topic=%s", path, publishHeaders, "bench", true);
  }

  /** The body of a publish: the data, or the Mercure form that carries it. */
  public String publishBody(int topic, String data) {
    if (!mercure) {
      return data;
    }
    return "topic="
        + java.net.URLEncoder.encode(topicName(topic), java.nio.charset.StandardCharsets.UTF_8)
        + "&data="
        + java.net.URLEncoder.encode(data, java.nio.charset.StandardCharsets.UTF_8);
  }

  public String publishContentType() {
    return mercure ? "application/x-www-form-urlencoded" : "text/plain; charset=utf-8";
  }

  /** The same endpoint with fresh topic names: {@code <prefix>-<index>}. */
  public Endpoint withTopicPrefix(String prefix) {
    return new Endpoint(address, subscribePattern, publishPattern, publishHeaders, prefix, mercure);
  }

  /** The topic name of topic number {@code index}. */
  public String topicName(int index) {
    return topicPrefix + "-" + index;
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
