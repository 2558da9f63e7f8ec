package dev.millrace.feeds.live;

import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.sse.SseRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;

/**
 * The read side of the API, all on the SSE engine (JSON snapshot when the request does not accept
 * {@code text/event-stream}): {@code GET /feeds}, {@code GET /feeds/:name}, {@code GET /posts/:id},
 * and {@code GET /live} for one connection per tab.
 */
public final class LiveRoutes {

  private final SseRouter sse;
  private final FeedReadModel readModel;
  private final Snapshots snapshots;

  public LiveRoutes(SseRouter sse, FeedReadModel readModel, MeterRegistry registry) {
    this.sse = sse;
    this.readModel = readModel;
    this.snapshots = new Snapshots(readModel, registry);
  }

  /** Adds the routes to {@code api} (a router mounted at {@code /api}). */
  public void addTo(Router api) {
    var topic = Topics.FEEDS_UPDATED;
    api.get("/feeds").handler(sse.handler(topic, new FeedListStream(snapshots)));
    api.get("/feeds/:name").handler(new FeedPageHandler(readModel));
    api.get("/feeds/:name").handler(sse.handler(topic, new FeedStream(readModel, snapshots)));
    api.get("/posts/:id").handler(sse.handler(topic, new PostStream(readModel, snapshots)));
    api.get("/live").handler(sse.handler(topic, new LiveStream(snapshots)));
  }
}
