package dev.millrace.feeds.live;

import dev.millrace.core.Message;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamRejectedException;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code GET /api/posts/:id}: one post, events named {@code data}; 404 for an unknown post. */
final class PostStream implements StreamAdapter {

  private final FeedReadModel readModel;
  private final Snapshots snapshots;

  PostStream(FeedReadModel readModel, Snapshots snapshots) {
    this.readModel = readModel;
    this.snapshots = snapshots;
  }

  @Override
  public Watch watch(RoutingContext request) {
    var id = request.pathParam("id");
    if (readModel.post(id).isEmpty()) {
      throw StreamRejectedException.notFound("no post with id " + id);
    }
    return Watch.keys(id);
  }

  @Override
  public Set<String> keysOf(Message message) {
    var id = message.metadata(FeedsUpdated.POST_ID);
    return id == null ? Set.of() : Set.of(id);
  }

  @Override
  public SseEvent render(String id) {
    return SseEvent.named("data", snapshots.post(id));
  }
}
