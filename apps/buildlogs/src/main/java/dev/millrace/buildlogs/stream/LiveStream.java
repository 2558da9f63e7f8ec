package dev.millrace.buildlogs.stream;

import dev.millrace.buildlogs.auth.Access;
import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.RepoAccess;
import dev.millrace.buildlogs.ingest.LogStore;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamPolicy;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/v1/live}: everything the build-log pages of one browser show, on one connection,
 * so any number of tabs stay within HTTP/1.1's six connections per host.
 *
 * <p>Query: {@code builds} (any value) for the newest builds (events {@code builds}); {@code
 * build=org/repo/N} for a build's snapshot (events {@code build}, the last one of a finished build
 * ends that part); {@code log=org/repo/N/S} for a step's log (events {@code line} with data {@code
 * {"log","n","text"}}, then {@code end} with {@code {"log","status","lines"}}). Each parameter but
 * {@code builds} may repeat, up to {@link #MAX_PARTS} in all.
 *
 * <p>Resuming: {@code lastEventId=org/repo/N/S:line,…} names the last line the client has of each
 * log; a log without one starts at its last {@link #TAIL} lines (the client pages earlier ones from
 * {@code GET …/logs?from=&limit=}), never with a full replay. Snapshots carry no id. A client
 * therefore reconnects by opening a new stream with its cursors, never with {@code Last-Event-ID}
 * (one connection-wide id cannot name a position in several logs); a bare number is read as the
 * cursor of every log, which is right only for a client that watches one.
 *
 * <p>Every part is checked as its own stream would be: a private repository the caller may not read
 * answers 404 like an unknown one. The log parts keep their own render cursor, apart from the log
 * stream's, because each handler renders its keys independently.
 */
public final class LiveStream implements StreamAdapter {

  static final int TAIL = 500;
  static final int MAX_PARTS = 40;
  private static final int MAX_LABELS = 10_000;

  private final RepoAccess repoAccess;
  private final BuildStore builds;
  private final LogStore logs;
  private final RecentBuildsStream recent;
  private final BuildStream build;
  private final LogStream log;
  private final Map<Long, String> labels = new ConcurrentHashMap<>();

  public LiveStream(Access access, RepoAccess repoAccess, BuildStore builds, LogStore logs) {
    this.repoAccess = repoAccess;
    this.builds = builds;
    this.logs = logs;
    this.recent = new RecentBuildsStream(access, builds);
    this.build = new BuildStream(repoAccess, builds);
    this.log = new LogStream(repoAccess, builds, logs, this::label);
  }

  /** Every part is an append or a snapshot without id: the engine resumes logs line by line. */
  @Override
  public StreamPolicy policy() {
    return StreamPolicy.REPLAY;
  }

  @Override
  public Watch watch(RoutingContext request) {
    return StreamRequests.check(
        () -> {
          var params = request.queryParams();
          var keys = new LinkedHashSet<String>();
          if (params.contains("builds")) {
            keys.addAll(recent.watch(request).keys());
          }
          for (var path : params.getAll("build")) {
            var parts = split(path, 3, "build");
            var repo = repoAccess.streamable(request, parts[0], parts[1]);
            int number = positive(parts[2], path);
            var found =
                builds
                    .find(repo, number)
                    .orElseThrow(() -> ApiException.notFound("no build " + path));
            keys.add(BuildStream.PREFIX + found.id());
          }
          for (var path : params.getAll("log")) {
            var parts = split(path, 4, "log");
            var repo = repoAccess.streamable(request, parts[0], parts[1]);
            int number = positive(parts[2], path);
            int stepNumber = positive(parts[3], path);
            var step =
                builds
                    .findStep(repo, number, stepNumber)
                    .orElseThrow(() -> ApiException.notFound("no step " + path));
            remember(step.stepId(), repo.slug() + "/" + number + "/" + stepNumber);
            keys.add(LogStream.PREFIX + step.stepId());
          }
          checkCursors(request.request().getHeader("Last-Event-ID"));
          checkCursors(params.get("lastEventId"));
          if (keys.isEmpty()) {
            throw ApiException.badRequest("watch builds, build=org/repo/N or log=org/repo/N/S");
          }
          if (keys.size() > MAX_PARTS) {
            throw ApiException.badRequest("watch at most " + MAX_PARTS + " builds and logs");
          }
          return Watch.keys(new ArrayList<>(keys));
        });
  }

  @Override
  public Set<String> keysOf(Message message) {
    var keys = new HashSet<String>(recent.keysOf(message));
    keys.addAll(build.keysOf(message));
    keys.addAll(log.keysOf(message));
    return keys;
  }

  @Override
  public SseEvent render(String key) {
    if (key.startsWith(LogStream.PREFIX)) {
      return log.render(key);
    }
    if (key.startsWith(BuildStream.PREFIX)) {
      return build.render(key).withId(null);
    }
    return recent.render(key);
  }

  @Override
  public List<SseEvent> render(String key, Message message) {
    if (key.startsWith(LogStream.PREFIX)) {
      return log.render(key, message);
    }
    return List.of(render(key));
  }

  @Override
  public List<SseEvent> replay(String key, String lastEventId) {
    if (!key.startsWith(LogStream.PREFIX)) {
      return List.of(render(key));
    }
    return log.replay(key, Integer.toString(cursor(key, lastEventId)));
  }

  private static final java.util.regex.Pattern CURSORS =
      java.util.regex.Pattern.compile(
          "\\d{1,9}|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/\\d{1,9}/\\d{1,9}:\\d{1,9}"
              + "(,[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/\\d{1,9}/\\d{1,9}:\\d{1,9})*");

  /** A resume position is a line number, or {@code org/repo/N/S:line} entries joined by commas. */
  private static void checkCursors(String value) {
    if (value != null
        && !value.isBlank()
        && (value.length() > 8_000 || !CURSORS.matcher(value.trim()).matches())) {
      throw ApiException.badRequest(
          "lastEventId must be a line number or org/repo/build/step:line entries, was " + value);
    }
  }

  /** The line after which a log part starts: the client's cursor, else the log's tail. */
  private int cursor(String key, String lastEventId) {
    if (lastEventId != null && !lastEventId.isBlank()) {
      var value = lastEventId.trim();
      if (value.chars().allMatch(Character::isDigit) && value.length() < 10) {
        return Integer.parseInt(value);
      }
      var label = label(StreamRequests.idOf(key, LogStream.PREFIX)) + ":";
      for (var entry : value.split(",")) {
        if (entry.startsWith(label)) {
          return Integer.parseInt(entry.substring(label.length())); // checked by watch()
        }
      }
    }
    var state = logs.state(StreamRequests.idOf(key, LogStream.PREFIX));
    return state.map(s -> Math.max(0, s.lines() - TAIL)).orElse(0);
  }

  private String label(long stepId) {
    var known = labels.get(stepId);
    if (known != null) {
      return known;
    }
    var path =
        builds
            .stepPath(stepId)
            .orElseThrow(() -> new IllegalStateException("step " + stepId + " is gone"));
    remember(stepId, path);
    return path;
  }

  private void remember(long stepId, String path) {
    if (labels.size() >= MAX_LABELS) {
      labels.clear();
    }
    labels.put(stepId, path);
  }

  private static String[] split(String path, int parts, String what) {
    var split = path.split("/", -1);
    if (split.length != parts) {
      throw ApiException.badRequest(
          what + " must be " + (parts == 3 ? "org/repo/build" : "org/repo/build/step"));
    }
    return split;
  }

  private static int positive(String value, String path) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.notFound("no such build or step: " + path);
  }
}
