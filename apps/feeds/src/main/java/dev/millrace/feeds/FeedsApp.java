package dev.millrace.feeds;

import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.feeds.generator.RandomPosts;
import dev.millrace.feeds.http.ApiErrors;
import dev.millrace.feeds.http.PostRoutes;
import dev.millrace.feeds.hub.HubLinks;
import dev.millrace.feeds.hub.HubNotifier;
import dev.millrace.feeds.live.LiveRoutes;
import dev.millrace.feeds.posting.JdbcPostStore;
import dev.millrace.feeds.posting.Schema;
import dev.millrace.feeds.projection.FeedProjection;
import dev.millrace.feeds.projection.ProjectionListener;
import dev.millrace.feeds.ui.PageHeaders;
import dev.millrace.jdbc.JdbcDeadLetterStore;
import dev.millrace.jdbc.JdbcOutbox;
import dev.millrace.jdbc.OutboxOptions;
import dev.millrace.jdbc.OutboxRelay;
import dev.millrace.sse.SseRouter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twitter-like feeds app: posts with #tags (write model + outbox), one live feed per tag and
 * one of all posts (read model, kept by the projection), streamed with the SSE engine, and its
 * single-page UI.
 *
 * <pre>{@code
 * FeedsApp feeds = FeedsApp.start(settings);
 * feeds.mount(router);   // /api/... and the UI at /
 * ...
 * feeds.close();
 * }</pre>
 *
 * <p>{@link #start} migrates the write model, subscribes the projection, then starts the outbox
 * relay, which first publishes whatever a previous run stored but did not publish (nothing written
 * is lost in a crash). What can never be handled ends in {@link #deadLetters()}. With a {@link
 * FeedsSettings#hub() hub}, the feed list, the feeds and the posts advertise it in their {@code
 * Link} headers, and the projection publishes their changes to it ({@link HubNotifier}).
 * Thread-safe.
 */
public final class FeedsApp implements AutoCloseable {

  /** The outbox table of the feeds app, in the write model's database. */
  public static final String OUTBOX_TABLE = "feeds_outbox";

  /** Where the API is mounted. */
  public static final String API = "/api";

  private static final Logger log = LoggerFactory.getLogger(FeedsApp.class);

  private final FeedsSettings settings;
  private final FeedProjection projection;
  private final OutboxRelay relay;
  private final DeadLetters deadLetters;
  private final SseRouter sse;
  private final PostRoutes postRoutes;
  private final LiveRoutes liveRoutes;
  private final HubLinks hubLinks;

  private FeedsApp(FeedsSettings settings) {
    this.settings = settings;
    var clock = Clock.systemUTC();
    Schema.migrateWriteModel(settings.writeDataSource());
    var deadLetterStore = JdbcDeadLetterStore.create(settings.writeDataSource()).ensureTable();
    var outbox =
        JdbcOutbox.create(
            settings.writeDataSource(),
            OutboxOptions.defaults()
                .withTable(OUTBOX_TABLE)
                .withMeterRegistry(settings.meterRegistry())
                .withDeadLetters(deadLetterStore));
    outbox.ensureTable();
    this.deadLetters = DeadLetters.create(deadLetterStore).register(outbox.replayer());
    var store = new JdbcPostStore(settings.writeDataSource(), outbox::append, clock);
    this.sse = SseRouter.create(settings.vertx(), settings.subscriber(), settings.meterRegistry());
    this.postRoutes =
        new PostRoutes(settings.vertx(), store, new RandomPosts(new java.util.SplittableRandom()));
    this.liveRoutes =
        new LiveRoutes(
            sse, settings.readModel(), settings.meterRegistry(), settings.streamDecorator());
    var hub = settings.hub();
    this.hubLinks = hub == null ? null : new HubLinks(hub.hubUrl(), hub.publicUrl() + API);
    var projectionListener =
        hub == null
            ? ProjectionListener.NONE
            : HubNotifier.create(hub.publicUrl() + API, hub.publisher(), settings.meterRegistry());
    try {
      this.projection =
          FeedProjection.start(
              settings.subscriber(),
              settings.publisher(),
              settings.readModel(),
              clock,
              settings.meterRegistry(),
              deadLetters,
              projectionListener);
    } catch (RuntimeException e) {
      sse.close();
      throw e;
    }
    try {
      this.relay = outbox.startRelay(settings.publisher());
    } catch (RuntimeException e) {
      projection.close();
      sse.close();
      throw e;
    }
    log.info("feeds app started node={}", settings.nodeId());
  }

  /**
   * The app's dead letters: events the projection and rows the outbox relay set aside, in table
   * {@link JdbcDeadLetterStore#DEFAULT_TABLE} of the write model's database (shared by the nodes),
   * replayable through the projection's handlers and the outbox. Other apps on the same database
   * may {@link DeadLetters#register register} their own replayers.
   */
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Starts the app: migrations, projection, outbox relay. Blocks; call it off the event loop. */
  public static FeedsApp start(FeedsSettings settings) {
    return new FeedsApp(settings);
  }

  /**
   * Mounts the API under {@code /api} and the UI at {@code /} (hash routes, assets under {@code
   * /feeds-ui/}). A path the app does not serve, or a method a route of it does not take, falls
   * through to the host's router, whose error handlers answer 404 or 405 (the server's answer
   * JSON). The UI loads Vue and Bootstrap from {@code /webjars/*}, which the host serves. The page
   * is sent with a Content-Security-Policy that allows no inline script ({@link PageHeaders}). With
   * a hub, the feed list, feeds and posts carry its {@code Link} headers ({@link HubLinks}).
   */
  public void mount(Router router) {
    // On the host's router itself: a sub-router would hide from it that a path matched with
    // another method, and every such request would be a 404 instead of a 405
    if (hubLinks != null) {
      hubLinks.addTo(router, API);
    }
    postRoutes.addTo(router, API);
    liveRoutes.addTo(router, API);
    router.route(API + "/*").failureHandler(new ApiErrors());
    var ui = StaticHandler.create("feeds-ui").setCachingEnabled(false);
    router.get("/").handler(ctx -> ctx.reroute("/feeds-ui/index.html"));
    router.get("/feeds-ui/*").handler(PageHeaders::handle).handler(ui);
  }

  /**
   * Drains the streams, stops the relay and the projection. Leaves the settings' resources open.
   */
  @Override
  public void close() {
    try {
      sse.drain().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("stream drain did not finish node={}", settings.nodeId(), e);
    }
    sse.close();
    try {
      relay.close();
    } catch (Exception e) {
      log.warn("outbox relay did not stop cleanly node={}", settings.nodeId(), e);
    }
    projection.close();
  }
}
