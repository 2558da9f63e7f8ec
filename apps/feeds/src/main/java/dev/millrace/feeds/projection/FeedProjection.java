package dev.millrace.feeds.projection;

import dev.millrace.core.Message;
import dev.millrace.core.PayloadDecodingException;
import dev.millrace.core.Publisher;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.core.router.CorrelationId;
import dev.millrace.core.router.DeadLetterQueue;
import dev.millrace.core.router.Recoverer;
import dev.millrace.core.router.Retry;
import dev.millrace.core.router.Router;
import dev.millrace.core.router.RouterOptions;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.PostUpdated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.Projection;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects post events into the read model and announces what changed, as handlers on a {@link
 * Router}.
 *
 * <p>Handles {@code post-created} and {@code post-updated} in the consumer group {@value #GROUP},
 * so with several nodes each event is applied by one of them. Each applied event yields one {@code
 * feeds-updated} naming the post and its affected feeds; the router publishes it before acking the
 * input, so a crash in between redelivers the event, which the read model ignores as a duplicate
 * while the notification is sent again. Events come in batches of up to {@value #MAX_BATCH},
 * applied with {@link FeedReadModel#applyAll} (one transaction on SQL read models) and announced
 * together; a batch that fails is applied one event at a time, so a failure is always that of one
 * event.
 *
 * <p>Once the read model has committed an event or a batch, the {@link ProjectionListener} is told
 * what it did, next to the {@code feeds-updated} the router is about to publish; a listener that
 * throws is logged and counted ({@code millrace.feeds.projection.listener.failures}), never a
 * failure of the projection.
 *
 * <p>Failures go through {@link DeadLetterQueue} (outside {@link Retry}, 3 tries per delivery):
 *
 * <ul>
 *   <li>a read model that is unreachable (connection lost, timeouts: see {@link
 *       dev.millrace.core.deadletter.FailureClassifier#standard()}) is waited for with capped
 *       backoff, the event redelivered until it applies, never set aside;
 *   <li>an event that fails for what it is (malformed, rejected by the read model, a bug) is set
 *       aside after {@value #MAX_FAILED_DELIVERIES} failed deliveries in the dead-letter store with
 *       its reason, logged at WARN and counted ({@code millrace.dead_letters{handler=…}}), so the
 *       events behind it go on; it can be replayed after a fix through {@link DeadLetters}, which
 *       applies it once (the read model is idempotent) and announces it like any other.
 * </ul>
 */
public final class FeedProjection implements AutoCloseable {

  /** The consumer group of the projection handlers. */
  public static final String GROUP = "feeds-projection";

  /**
   * Events applied together, in one read-model transaction where the read model allows it; an event
   * that fails in a batch is then applied alone, so only it can end up set aside.
   */
  public static final int MAX_BATCH = 100;

  /** Failed deliveries after which an event is set aside as a dead letter. */
  public static final int MAX_FAILED_DELIVERIES = 3;

  private static final Logger log = LoggerFactory.getLogger(FeedProjection.class);

  private final FeedReadModel readModel;
  private final Clock clock;
  private final ProjectionMetrics metrics;
  private final ProjectionListener listener;
  private final Router router;

  private FeedProjection(
      Subscriber subscriber,
      Publisher publisher,
      FeedReadModel readModel,
      Clock clock,
      MeterRegistry registry,
      DeadLetters deadLetters,
      ProjectionListener listener) {
    this.readModel = readModel;
    this.clock = clock;
    this.metrics = new ProjectionMetrics(registry);
    this.listener = Objects.requireNonNull(listener, "listener");
    this.router =
        Router.create(subscriber, publisher, RouterOptions.defaults().withMeterRegistry(registry))
            .use(CorrelationId.create())
            .use(
                DeadLetterQueue.create(
                    deadLetters.store(),
                    DeadLetterQueue.Options.defaults()
                        .withMaxFailures(MAX_FAILED_DELIVERIES)
                        .withMeterRegistry(registry)))
            .use(Retry.create())
            .use(Recoverer.create());
    var group = SubscribeOptions.group(GROUP);
    router.addBatchHandler(
        "feeds-project-created",
        Topics.POST_CREATED,
        group,
        Topics.FEEDS_UPDATED,
        MAX_BATCH,
        message -> project(message, PostCreated.class, PostCreated::post),
        messages -> projectAll(messages, PostCreated.class, PostCreated::post));
    router.addBatchHandler(
        "feeds-project-updated",
        Topics.POST_UPDATED,
        group,
        Topics.FEEDS_UPDATED,
        MAX_BATCH,
        message -> project(message, PostUpdated.class, PostUpdated::newPost),
        messages -> projectAll(messages, PostUpdated.class, PostUpdated::newPost));
    deadLetters.register(router);
  }

  /**
   * Subscribes the projection handlers; they run until {@link #close()}. Events set aside go to
   * {@code deadLetters}' store, and {@code deadLetters} can replay them; {@code listener} hears of
   * every committed batch ({@link ProjectionListener#NONE} for none).
   */
  public static FeedProjection start(
      Subscriber subscriber,
      Publisher publisher,
      FeedReadModel readModel,
      Clock clock,
      MeterRegistry registry,
      DeadLetters deadLetters,
      ProjectionListener listener) {
    var projection =
        new FeedProjection(
            subscriber, publisher, readModel, clock, registry, deadLetters, listener);
    projection.router.start();
    return projection;
  }

  private <E> List<Message> project(Message message, Class<E> type, Function<E, Post> postOf) {
    Post post;
    try {
      post = decode(message, type, postOf);
    } catch (PayloadDecodingException e) {
      metrics.malformed(); // counted here only: a batch holding it fails and comes here
      throw e;
    }
    var projection = readModel.apply(post);
    committed(List.of(new Projected(post, projection)));
    return announce(post, projection);
  }

  private <E> List<List<Message>> projectAll(
      List<Message> messages, Class<E> type, Function<E, Post> postOf) {
    var posts = new ArrayList<Post>(messages.size());
    for (var message : messages) {
      posts.add(decode(message, type, postOf));
    }
    var projections = readModel.applyAll(posts);
    var batch = new ArrayList<Projected>(posts.size());
    for (int i = 0; i < posts.size(); i++) {
      batch.add(new Projected(posts.get(i), projections.get(i)));
    }
    committed(batch);
    var results = new ArrayList<List<Message>>(posts.size());
    for (var projected : batch) {
      results.add(announce(projected.post(), projected.projection()));
    }
    return results;
  }

  private void committed(List<Projected> batch) {
    try {
      listener.committed(List.copyOf(batch));
    } catch (RuntimeException e) {
      metrics.listenerFailed();
      log.warn("the projection listener failed; the projection goes on events={}", batch.size(), e);
    }
  }

  private <E> Post decode(Message message, Class<E> type, Function<E, Post> postOf) {
    try {
      return postOf.apply(EventCodec.read(message, type));
    } catch (UncheckedIOException | NullPointerException | IllegalArgumentException e) {
      log.debug("malformed event type={} id={}", type.getSimpleName(), message.id(), e);
      throw new PayloadDecodingException(
          "malformed " + type.getSimpleName() + " event " + message.id(), e);
    }
  }

  /** The {@code feeds-updated} to publish for a projected post: none when no feed changed. */
  private List<Message> announce(Post post, Projection projection) {
    metrics.applied(projection);
    log.debug(
        "projected post id={} version={} changed={} feeds={}",
        post.id(),
        post.version(),
        projection.changed(),
        projection.affectedFeeds());
    if (projection.affectedFeeds().isEmpty()) {
      return List.of();
    }
    var event =
        new FeedsUpdated(
            post.id(), post.version(), List.copyOf(projection.affectedFeeds()), clock.instant());
    return List.of(event.toMessage());
  }

  /** Stops the handlers; events being handled finish first. */
  @Override
  public void close() {
    router.close();
  }
}
