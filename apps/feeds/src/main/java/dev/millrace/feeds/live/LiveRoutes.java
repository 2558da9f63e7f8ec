package dev.millrace.feeds.live;

import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.sse.SseRouter;
import dev.millrace.sse.StreamAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The read side of the API, all on the SSE engine (JSON snapshot when the request does not accept
 * {@code text/event-stream}): {@code GET /feeds}, {@code GET /feeds/:name}, {@code GET /posts/:id},
 * and {@code GET /live} for one connection per tab. Every stream adapter passes through the
 * decorator given at construction ({@link dev.millrace.feeds.FeedsSettings#streamDecorator()}).
 */
public final class LiveRoutes {

  private final SseRouter sse;
  private final FeedReadModel readModel;
  private final Snapshots snapshots;
  private final UnaryOperator<StreamAdapter> decorator;

  public LiveRoutes(SseRouter sse, FeedReadModel readModel, MeterRegistry registry) {
    this(sse, readModel, registry, UnaryOperator.identity());
  }

  /** Routes whose stream adapters are wrapped by {@code decorator} before they are mounted. */
  public LiveRoutes(
      SseRouter sse,
      FeedReadModel readModel,
      MeterRegistry registry,
      UnaryOperator<StreamAdapter> decorator) {
    this.sse = sse;
    this.readModel = readModel;
    this.snapshots = new Snapshots(readModel, registry);
    this.decorator = Objects.requireNonNull(decorator, "decorator");
  }

  /** Adds the routes to {@code router} under {@code base} (such as {@code /api}). */
  public void addTo(Router router, String base) {
    var topic = Topics.FEEDS_UPDATED;
    router.get(base + "/feeds").handler(stream(topic, new FeedListStream(snapshots)));
    router.get(base + "/feeds/:name").handler(new FeedPageHandler(readModel));
    router.get(base + "/feeds/:name").handler(stream(topic, new FeedStream(readModel, snapshots)));
    router.get(base + "/posts/:id").handler(stream(topic, new PostStream(readModel, snapshots)));
    router.get(base + "/live").handler(stream(topic, new LiveStream(snapshots)));
  }

  private Handler<RoutingContext> stream(String topic, StreamAdapter adapter) {
    return sse.handler(topic, Objects.requireNonNull(decorator.apply(adapter), "decorated"));
  }
}
