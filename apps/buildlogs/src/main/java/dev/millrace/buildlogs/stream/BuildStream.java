package dev.millrace.buildlogs.stream;

import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.RepoAccess;
import dev.millrace.buildlogs.events.BuildEvents;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The live status of one build and its steps, for the build page: {@code event: build} with the
 * whole build as data and its version as id, sent again on every status change (slow clients skip
 * to the newest). The last snapshot of a finished build ends the stream; a client that already has
 * it gets 204.
 */
public final class BuildStream implements StreamAdapter {

  static final String PREFIX = "build:";

  private final RepoAccess repoAccess;
  private final BuildStore builds;

  public BuildStream(RepoAccess repoAccess, BuildStore builds) {
    this.repoAccess = repoAccess;
    this.builds = builds;
  }

  @Override
  public Watch watch(RoutingContext request) {
    return StreamRequests.check(
        () -> {
          var repo = repoAccess.streamable(request);
          int number = RepoAccess.number(request, "build");
          var build =
              builds
                  .find(repo, number)
                  .orElseThrow(
                      () -> ApiException.notFound(repo.slug() + " has no build " + number));
          if (build.status().finished() && StreamRequests.lastEventId(request) >= build.version()) {
            return Watch.finished();
          }
          return Watch.keys(PREFIX + build.id());
        });
  }

  @Override
  public Set<String> keysOf(Message message) {
    if (!BuildEvents.STATUS_CHANGED.equals(message.metadata(Message.EVENT_TYPE))) {
      return Set.of();
    }
    return StreamRequests.change(message)
        .map(change -> Set.of(PREFIX + change.buildId()))
        .orElse(Set.of());
  }

  @Override
  public SseEvent render(String key) {
    var build =
        builds
            .findById(StreamRequests.idOf(key, PREFIX))
            .orElseThrow(() -> new IllegalStateException(key + " is gone"));
    var event = SseEvent.of(Integer.toString(build.version()), "build", Json.write(build));
    return build.status().finished() ? event.endingStream() : event;
  }
}
