package dev.millrace.feeds.live;

import dev.millrace.core.Message;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.PageRequest;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamRejectedException;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code GET /api/feeds/:name}: one feed, newest {@value PageRequest#DEFAULT_LIMIT} posts, events
 * named {@code data} (anchor contract); 404 for a feed that does not exist.
 */
final class FeedStream implements StreamAdapter {

  private final FeedReadModel readModel;
  private final Snapshots snapshots;

  FeedStream(FeedReadModel readModel, Snapshots snapshots) {
    this.readModel = readModel;
    this.snapshots = snapshots;
  }

  @Override
  public Watch watch(RoutingContext request) {
    var name = request.pathParam("name");
    if (readModel.feed(name, new PageRequest(null, 1)).isEmpty()) {
      throw StreamRejectedException.notFound("no feed named " + name);
    }
    return Watch.keys(name);
  }

  @Override
  public Set<String> keysOf(Message message) {
    return new HashSet<>(FeedsUpdated.feedsOf(message));
  }

  @Override
  public SseEvent render(String name) {
    return SseEvent.named("data", snapshots.feed(name));
  }
}
