package dev.millrace.bench.server;

import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamPolicy;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a stream adapter so that every stream connection renders its own snapshots, as a server
 * without render-once does: each connection watches {@code <key>#<n>} instead of {@code <key>}, a
 * message affects every live connection key of its keys, and {@code <key>#<n>} renders as {@code
 * <key>}. The engine still renders once per key per update, which is now once per connection. A
 * request that does not accept {@code text/event-stream} (a JSON read) watches the plain keys. The
 * wrapped adapter's keys must not contain {@code #} (the feeds app's tags and post ids do not).
 *
 * <p>Connection keys are never forgotten: the adapter does not learn when a connection closes. The
 * engine skips the keys nobody watches, so a closed connection's key costs only a map entry and a
 * lookup per message; fine for a benchmark, not for a server. Thread-safe.
 */
final class PerConnectionStream implements StreamAdapter {

  private static final char SEPARATOR = '#';

  private final StreamAdapter rendered;
  private final AtomicLong connections = new AtomicLong();
  private final Map<String, Set<String>> connectionKeys = new ConcurrentHashMap<>();

  PerConnectionStream(StreamAdapter rendered) {
    this.rendered = rendered;
  }

  @Override
  public StreamPolicy policy() {
    return rendered.policy();
  }

  @Override
  public Watch watch(RoutingContext request) {
    Watch watch = rendered.watch(request);
    if (watch.noContent() || !acceptsEventStream(request)) {
      return watch;
    }
    String suffix = SEPARATOR + Long.toString(connections.incrementAndGet());
    List<String> keys =
        watch.keys().stream()
            .map(
                key -> {
                  String own = key + suffix;
                  connectionKeys.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(own);
                  return own;
                })
            .toList();
    return Watch.keys(keys);
  }

  @Override
  public Set<String> keysOf(Message message) {
    Set<String> keys = new HashSet<>();
    for (String key : rendered.keysOf(message)) {
      keys.add(key);
      keys.addAll(connectionKeys.getOrDefault(key, Set.of()));
    }
    return keys;
  }

  @Override
  public SseEvent render(String key) {
    return rendered.render(sharedKey(key));
  }

  @Override
  public List<SseEvent> render(String key, Message message) {
    return rendered.render(sharedKey(key), message);
  }

  @Override
  public List<SseEvent> replay(String key, String lastEventId) {
    return rendered.replay(sharedKey(key), lastEventId);
  }

  private static String sharedKey(String key) {
    int separator = key.lastIndexOf(SEPARATOR);
    return separator < 0 ? key : key.substring(0, separator);
  }

  private static boolean acceptsEventStream(RoutingContext request) {
    String accept = request.request().getHeader("Accept");
    return accept != null && accept.contains("text/event-stream");
  }
}
