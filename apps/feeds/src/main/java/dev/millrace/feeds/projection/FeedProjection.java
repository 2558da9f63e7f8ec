package dev.millrace.feeds.projection;

import dev.millrace.core.Delivery;
import dev.millrace.core.Publisher;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.PostUpdated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects post events into the read model and announces what changed.
 *
 * <p>Subscribes to {@code post-created} and {@code post-updated} in the consumer group {@value
 * #GROUP}, so with several nodes each event is applied by one of them. After applying, publishes
 * one {@code feeds-updated} naming the post and its affected feeds, and acks only once that is
 * published: a crash in between redelivers the event, which the read model then ignores as a
 * duplicate while the notification is sent again. Malformed events are logged and dropped.
 */
public final class FeedProjection implements AutoCloseable {

  /** The consumer group of the projection handlers. */
  public static final String GROUP = "feeds-projection";

  private static final Logger log = LoggerFactory.getLogger(FeedProjection.class);

  private final FeedReadModel readModel;
  private final Publisher publisher;
  private final Clock clock;
  private final ProjectionMetrics metrics;
  private final List<Subscription> subscriptions = new ArrayList<>();

  private FeedProjection(
      FeedReadModel readModel, Publisher publisher, Clock clock, MeterRegistry registry) {
    this.readModel = readModel;
    this.publisher = publisher;
    this.clock = clock;
    this.metrics = new ProjectionMetrics(registry);
  }

  /** Subscribes the projection handlers; they run until {@link #close()}. */
  public static FeedProjection start(
      Subscriber subscriber,
      Publisher publisher,
      FeedReadModel readModel,
      Clock clock,
      MeterRegistry registry) {
    var projection = new FeedProjection(readModel, publisher, clock, registry);
    var group = SubscribeOptions.group(GROUP);
    projection.subscriptions.add(
        subscriber.subscribe(Topics.POST_CREATED, group, projection::onPostCreated));
    projection.subscriptions.add(
        subscriber.subscribe(Topics.POST_UPDATED, group, projection::onPostUpdated));
    return projection;
  }

  private void onPostCreated(Delivery delivery) {
    handle(delivery, PostCreated.class, PostCreated::post);
  }

  private void onPostUpdated(Delivery delivery) {
    handle(delivery, PostUpdated.class, PostUpdated::newPost);
  }

  private <E> void handle(
      Delivery delivery, Class<E> type, java.util.function.Function<E, Post> postOf) {
    Post post;
    try {
      post = postOf.apply(EventCodec.read(delivery.message(), type));
    } catch (UncheckedIOException | NullPointerException | IllegalArgumentException e) {
      log.warn(
          "dropping malformed event topic={} id={}", delivery.topic(), delivery.message().id(), e);
      metrics.malformed();
      delivery.ack();
      return;
    }
    var projection = readModel.apply(post);
    metrics.applied(projection);
    log.debug(
        "projected post id={} version={} changed={} feeds={}",
        post.id(),
        post.version(),
        projection.changed(),
        projection.affectedFeeds());
    if (!projection.affectedFeeds().isEmpty()) {
      var now = clock.instant();
      var event =
          new FeedsUpdated(post.id(), post.version(), List.copyOf(projection.affectedFeeds()), now);
      publisher.publish(Topics.FEEDS_UPDATED, event.toMessage()).join();
    }
    delivery.ack();
  }

  /** Stops the handlers; an event being handled finishes first. */
  @Override
  public void close() {
    subscriptions.forEach(Subscription::close);
  }
}
