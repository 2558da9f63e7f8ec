package dev.millrace.sse;

import java.util.List;

/**
 * A {@link StreamAdapter}'s answer to a stream request: the keys the connection watches, or that
 * the stream is finished.
 *
 * @param keys the stream keys, in the order of the request; empty when {@code noContent}
 * @param noContent {@code true} to answer {@code 204 No Content}, which tells an {@code
 *     EventSource} to stop reconnecting (for example, a finished log that the client has fully
 *     read)
 */
public record Watch(List<String> keys, boolean noContent) {

  public Watch {
    keys = List.copyOf(keys);
    if (noContent && !keys.isEmpty()) {
      throw new IllegalArgumentException("a finished watch has no keys");
    }
    if (!noContent && keys.isEmpty()) {
      throw new IllegalArgumentException("watch at least one key");
    }
    if (keys.stream().distinct().count() != keys.size()) {
      throw new IllegalArgumentException("duplicate keys: " + keys);
    }
  }

  /** Watch these keys on one connection. */
  public static Watch keys(String... keys) {
    return new Watch(List.of(keys), false);
  }

  /** Watch these keys on one connection. */
  public static Watch keys(List<String> keys) {
    return new Watch(keys, false);
  }

  /** Nothing more to stream: answer {@code 204 No Content}. */
  public static Watch finished() {
    return new Watch(List.of(), true);
  }
}
