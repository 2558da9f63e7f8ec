package dev.millrace.sse.testing;

import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamRejectedException;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A state stream over an in-memory map: {@code ?keys=a,b} watches keys, a message's {@code key}
 * metadata names the key it changed, unknown keys answer 404, {@code ?done} answers 204.
 */
public final class StateAdapter implements StreamAdapter {

  /** Renders that throw before the next one succeeds. */
  public final AtomicInteger failures = new AtomicInteger();

  public final Map<String, String> state = new ConcurrentHashMap<>();
  public final AtomicInteger renders = new AtomicInteger();
  private final boolean namedByKey;

  public StateAdapter(boolean namedByKey) {
    this.namedByKey = namedByKey;
  }

  @Override
  public Watch watch(RoutingContext request) {
    if (request.queryParams().contains("done")) {
      return Watch.finished();
    }
    String keys = request.queryParams().get("keys");
    if (keys == null) {
      throw StreamRejectedException.badRequest("keys is required");
    }
    var list = Arrays.asList(keys.split(","));
    for (String key : list) {
      if (!state.containsKey(key)) {
        throw StreamRejectedException.notFound("no such key: " + key);
      }
    }
    return Watch.keys(list);
  }

  @Override
  public Set<String> keysOf(Message message) {
    return Set.of(message.metadata("key"));
  }

  @Override
  public SseEvent render(String key) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the store is down");
    }
    renders.incrementAndGet();
    return SseEvent.named(namedByKey ? key : "data", state.get(key));
  }

  /** The message announcing that a key changed. */
  public static Message changed(String key) {
    return Message.of(new byte[0]).withMetadata("key", key);
  }
}
