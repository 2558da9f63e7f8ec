package dev.millrace.sse.testing;

import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamPolicy;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An append stream over an in-memory log, the way a build-log app uses the engine: line numbers as
 * ids, replay in pages, an {@code end} event once finished, 204 for a fully read finished log.
 */
public final class LogAdapter implements StreamAdapter {

  /** Renders that throw before the next one succeeds. */
  public final AtomicInteger failures = new AtomicInteger();

  public static final String KEY = "log";
  private static final int PAGE = 100;

  private final List<String> lines = new ArrayList<>();
  private final Map<String, Integer> rendered = new ConcurrentHashMap<>();
  private boolean finished;

  /** Appends lines; the caller then publishes {@link #changed()}. */
  public synchronized void append(String... text) {
    lines.addAll(List.of(text));
  }

  public synchronized void finish() {
    finished = true;
  }

  public synchronized int size() {
    return lines.size();
  }

  public static Message changed() {
    return Message.of(new byte[0]);
  }

  @Override
  public StreamPolicy policy() {
    return StreamPolicy.REPLAY;
  }

  @Override
  public synchronized Watch watch(RoutingContext request) {
    String last = request.request().getHeader("Last-Event-ID");
    if (finished && last != null && Integer.parseInt(last) >= lines.size()) {
      return Watch.finished();
    }
    return Watch.keys(KEY);
  }

  @Override
  public Set<String> keysOf(Message message) {
    return Set.of(KEY);
  }

  @Override
  public synchronized SseEvent render(String key) {
    return SseEvent.named("size", Integer.toString(lines.size()));
  }

  @Override
  public synchronized List<SseEvent> render(String key, Message message) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the store is down");
    }
    int from = rendered.getOrDefault(key, 0);
    List<SseEvent> events = page(from, Integer.MAX_VALUE);
    rendered.put(key, lines.size());
    return events;
  }

  @Override
  public synchronized List<SseEvent> replay(String key, String lastEventId) {
    return page(lastEventId == null ? 0 : Integer.parseInt(lastEventId), PAGE);
  }

  private List<SseEvent> page(int after, int max) {
    var events = new ArrayList<SseEvent>();
    int to = (int) Math.min(lines.size(), (long) after + max);
    for (int n = after + 1; n <= to; n++) {
      events.add(SseEvent.of(Integer.toString(n), "line", lines.get(n - 1)));
    }
    if (finished && to == lines.size() && after <= lines.size()) {
      events.add(SseEvent.end(Integer.toString(lines.size() + 1), "finished"));
    }
    return events;
  }
}
