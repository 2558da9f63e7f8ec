package dev.millrace.feeds.live;

import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /api/feeds}: the feed list with counts, events named {@code data} (anchor contract).
 */
final class FeedListStream implements StreamAdapter {

  static final String KEY = "feeds";

  private final Snapshots snapshots;

  FeedListStream(Snapshots snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public Watch watch(RoutingContext request) {
    return Watch.keys(KEY);
  }

  @Override
  public Set<String> keysOf(Message message) {
    return Set.of(KEY);
  }

  @Override
  public SseEvent render(String key) {
    return SseEvent.named("data", snapshots.feedList());
  }
}
