package dev.millrace.buildlogs.stream;

import dev.millrace.buildlogs.auth.Access;
import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.events.BuildEvents;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * The newest builds of all repositories, for the builds list: {@code event: builds}, sent again
 * whenever a build is created or changes status. Viewers who may read private repositories watch
 * one key, everyone else another, so each list is rendered once per change.
 */
public final class RecentBuildsStream implements StreamAdapter {

  static final String PUBLIC = "recent:public";
  static final String ALL = "recent:all";
  static final int LIMIT = 50;

  private final Access access;
  private final BuildStore builds;

  public RecentBuildsStream(Access access, BuildStore builds) {
    this.access = access;
    this.builds = builds;
  }

  @Override
  public Watch watch(RoutingContext request) {
    return Watch.keys(access.canReadPrivate(request) ? ALL : PUBLIC);
  }

  @Override
  public Set<String> keysOf(Message message) {
    var type = message.metadata(Message.EVENT_TYPE);
    return BuildEvents.STATUS_CHANGED.equals(type) || BuildEvents.BUILD_CREATED.equals(type)
        ? Set.of(PUBLIC, ALL)
        : Set.of();
  }

  @Override
  public SseEvent render(String key) {
    var recent = builds.recent(ALL.equals(key), LIMIT);
    return SseEvent.named("builds", Json.write(Map.of("builds", recent)));
  }
}
