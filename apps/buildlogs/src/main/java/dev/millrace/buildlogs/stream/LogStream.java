package dev.millrace.buildlogs.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.RepoAccess;
import dev.millrace.buildlogs.ingest.LogStore;
import dev.millrace.buildlogs.ingest.StepState;
import dev.millrace.buildlogs.ingest.StoredLine;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
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
import java.util.function.LongFunction;

/**
 * The log of one step: every stored line after {@code Last-Event-ID}, then the live tail, then
 * {@code event: end}. The event id is the absolute line number, so a client resumes exactly on any
 * node; the data is {@code {"n":number,"text":line}} (JSON keeps CR and escape codes intact). The
 * {@code end} event's id is one past the last line, so a client that reconnects after it gets 204.
 *
 * <p>Notifications only say "step changed": the lines always come from SQL, read after the last
 * line this node rendered for the step (or the lowest point where a connection went live). A lost
 * notification therefore delays lines until the next one (the final status change, sent through the
 * outbox, is one) and never loses them.
 */
public final class LogStream implements StreamAdapter {

  static final String PREFIX = "log:";
  static final int PAGE = 1000;

  /** Data of a line event; {@code log} names the step on a stream that carries several. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record LineData(String log, int n, String text) {}

  /** Data of the end event. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EndData(String log, String status, int lines) {}

  private final RepoAccess repoAccess;
  private final BuildStore builds;
  private final LogStore logs;
  private final LongFunction<String> labels;

  /**
   * Per step key: the line after which the next render reads. It is the last line rendered on this
   * node, lowered to where a replaying connection went live, so lines whose notification was lost
   * still reach every live connection (the engine drops what a connection already has).
   */
  private final Map<String, Integer> floor = new ConcurrentHashMap<>();

  public LogStream(RepoAccess repoAccess, BuildStore builds, LogStore logs) {
    this(repoAccess, builds, logs, null);
  }

  /**
   * A log stream whose events name their step with {@code labels.apply(stepId)} ({@code
   * org/repo/build/step}), for a connection that carries several logs; {@code null} for none.
   */
  LogStream(RepoAccess repoAccess, BuildStore builds, LogStore logs, LongFunction<String> labels) {
    this.repoAccess = repoAccess;
    this.builds = builds;
    this.logs = logs;
    this.labels = labels;
  }

  @Override
  public StreamPolicy policy() {
    return StreamPolicy.REPLAY;
  }

  @Override
  public Watch watch(RoutingContext request) {
    return StreamRequests.check(
        () -> {
          var repo = repoAccess.streamable(request);
          int build = RepoAccess.number(request, "build");
          int number = RepoAccess.number(request, "step");
          var step =
              builds
                  .findStep(repo, build, number)
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              repo.slug() + " has no build " + build + " step " + number));
          long lastId = StreamRequests.lastEventId(request);
          if (step.status().finished() && lastId >= step.lines()) {
            return Watch.finished();
          }
          return Watch.keys(PREFIX + step.stepId());
        });
  }

  @Override
  public Set<String> keysOf(Message message) {
    return StreamRequests.change(message)
        .filter(change -> change.stepId() > 0)
        .map(change -> Set.of(PREFIX + change.stepId()))
        .orElse(Set.of());
  }

  @Override
  public SseEvent render(String key) {
    var state = state(key);
    return SseEvent.named(
        "state", Json.write(new EndData(label(key), state.status().wire(), state.lines())));
  }

  @Override
  public List<SseEvent> render(String key, Message message) {
    var change = StreamRequests.change(message).orElseThrow();
    int start = floor.getOrDefault(key, change.from() - 1);
    var state = state(key);
    var events = new ArrayList<SseEvent>();
    int after = start;
    while (true) {
      var lines = logs.read(StreamRequests.idOf(key, PREFIX), after, PAGE);
      lines.forEach(line -> events.add(lineEvent(label(key), line)));
      if (!lines.isEmpty()) {
        after = lines.getLast().number();
      }
      if (lines.size() < PAGE) {
        break;
      }
    }
    if (state.status().finished() && after >= state.lines()) {
      floor.remove(key);
      events.add(endEvent(label(key), state));
    } else {
      int end = after;
      // a replay may have lowered the floor meanwhile: keep the lower one
      floor.compute(key, (k, v) -> v == null || v == start ? end : Math.min(v, end));
    }
    return events;
  }

  @Override
  public List<SseEvent> replay(String key, String lastEventId) {
    int after = parseId(lastEventId);
    var state = state(key);
    var lines = logs.read(StreamRequests.idOf(key, PREFIX), after, PAGE);
    var events = new ArrayList<SseEvent>(lines.size() + 1);
    lines.forEach(line -> events.add(lineEvent(label(key), line)));
    int last = lines.isEmpty() ? after : lines.getLast().number();
    if (lines.size() < PAGE && state.status().finished() && last >= state.lines()) {
      events.add(endEvent(label(key), state));
    } else if (lines.isEmpty()) {
      // this connection goes live at `after`: the next render reads from there at the latest
      floor.merge(key, after, Math::min);
    }
    return events;
  }

  private StepState state(String key) {
    return logs.state(StreamRequests.idOf(key, PREFIX))
        .orElseThrow(() -> new IllegalStateException("step of " + key + " is gone"));
  }

  private String label(String key) {
    return labels == null ? null : labels.apply(StreamRequests.idOf(key, PREFIX));
  }

  static SseEvent lineEvent(String log, StoredLine line) {
    return SseEvent.of(
        Integer.toString(line.number()),
        log == null ? null : "line",
        Json.write(new LineData(log, line.number(), line.text())));
  }

  static SseEvent endEvent(String log, StepState state) {
    return SseEvent.end(
        Integer.toString(state.lines() + 1),
        Json.write(new EndData(log, state.status().wire(), state.lines())));
  }

  private static int parseId(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(lastEventId.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
