package dev.millrace.core.router;

import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handlers: each consumes one topic and may publish its results to another.
 *
 * <pre>{@code
 * Router router = Router.create(subscriber, publisher);
 * router.use(Recoverer.create());        // add middleware first: they wrap every handler
 * router.addHandler("project-posts", "posts", SubscribeOptions.group("projection"), "feeds", h);
 * router.start();
 * }</pre>
 *
 * <p>For each message: the handler, wrapped in the middleware, runs on the subscription's thread;
 * on success its results are published to the handler's publish topic, then the input is acked; on
 * any failure (including an {@link Error}) the input is nacked and redelivered. A failing handler
 * never stops the router or the other handlers. {@link #close()} is graceful: it stops taking new
 * messages, lets the ones in progress finish (results published, input acked), then returns. A
 * handler added with {@link #addBatchHandler} takes several messages at once, and falls back to one
 * at a time when a batch fails, so a failure is always that of one message. The router does not
 * close the subscriber or the publisher. Thread-safe.
 *
 * <p>{@link #replay(String, Message)} runs one handler on one message outside any subscription, for
 * a message set aside earlier (see {@link DeadLetterQueue}).
 */
public final class Router implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private static final ThreadLocal<Boolean> REPLAYING = new ThreadLocal<>();

  private record Route(
      String name,
      String topic,
      SubscribeOptions options,
      String publishTopic,
      Handler handler,
      int maxBatch,
      BatchHandler batchHandler,
      Handler afterBatch) {}

  /** The results a batch handler returned for the messages of the batch being passed along. */
  private static final class BatchResults {
    private final List<Message> messages;
    private final List<List<Message>> results;
    private int next;

    BatchResults(List<Message> messages, List<List<Message>> results) {
      this.messages = messages;
      this.results = results;
    }

    List<Message> resultsOf(Message message) {
      if (next >= messages.size() || !messages.get(next).id().equals(message.id())) {
        throw new IllegalStateException(
            "middleware passed on another message than the batch's: " + message.id());
      }
      List<Message> found = results.get(next++);
      return found == null ? List.of() : found;
    }
  }

  private static final ThreadLocal<BatchResults> BATCH_RESULTS = new ThreadLocal<>();

  private final Subscriber subscriber;
  private final Publisher publisher;
  private final RouterOptions options;
  private final List<Middleware> middleware = new ArrayList<>();
  private final List<Route> routes = new ArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private boolean running;
  private boolean closed;

  private Router(Subscriber subscriber, Publisher publisher, RouterOptions options) {
    this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.options = Objects.requireNonNull(options, "options");
  }

  public static Router create(Subscriber subscriber, Publisher publisher) {
    return new Router(subscriber, publisher, RouterOptions.defaults());
  }

  public static Router create(Subscriber subscriber, Publisher publisher, RouterOptions options) {
    return new Router(subscriber, publisher, options);
  }

  /** Adds middleware around every handler added afterwards; the first added is outermost. */
  public synchronized Router use(Middleware middleware) {
    this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
    return this;
  }

  /** Adds a handler that only consumes: what it returns is ignored (and logged at WARN). */
  public Router addHandler(String name, String topic, SubscribeOptions options, Handler handler) {
    return addHandler(name, topic, options, null, handler);
  }

  /**
   * Adds a handler whose results are published to {@code publishTopic}. Subscribes at once when the
   * router is running, otherwise on {@link #start()}.
   */
  public Router addHandler(
      String name, String topic, SubscribeOptions options, String publishTopic, Handler handler) {
    return addRoute(name, topic, options, publishTopic, handler, 1, null);
  }

  /**
   * Adds a handler that takes up to {@code maxBatch} consecutive messages at once (see {@link
   * Subscriber#subscribeBatches}). A batch of first deliveries goes to {@code batchHandler}; when
   * it returns, each message passes through the middleware as if {@code handler} had returned its
   * results, and all their results are published before the batch is acked. A failed batch, a batch
   * of one and every redelivered message go to {@code handler}, one message at a time, as with
   * {@link #addHandler(String, String, SubscribeOptions, String, Handler)}. Both must have the same
   * effect for a message.
   */
  public Router addBatchHandler(
      String name,
      String topic,
      SubscribeOptions options,
      String publishTopic,
      int maxBatch,
      Handler handler,
      BatchHandler batchHandler) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    Objects.requireNonNull(batchHandler, "batchHandler");
    return addRoute(name, topic, options, publishTopic, handler, maxBatch, batchHandler);
  }

  private synchronized Router addRoute(
      String name,
      String topic,
      SubscribeOptions options,
      String publishTopic,
      Handler handler,
      int maxBatch,
      BatchHandler batchHandler) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("router is closed");
    }
    if (routes.stream().anyMatch(route -> route.name().equals(name))) {
      throw new IllegalArgumentException("duplicate handler name: " + name);
    }
    Handler wrapped = wrap(name, topic, handler);
    Handler afterBatch =
        batchHandler == null ? null : wrap(name, topic, m -> BATCH_RESULTS.get().resultsOf(m));
    Route route =
        new Route(name, topic, options, publishTopic, wrapped, maxBatch, batchHandler, afterBatch);
    routes.add(route);
    if (running) {
      subscribe(route);
    }
    return this;
  }

  private Handler wrap(String name, String topic, Handler handler) {
    Handler wrapped = handler;
    for (Middleware layer : middleware.reversed()) {
      wrapped = layer.apply(name, topic, wrapped);
    }
    return HandlerMetrics.create(this.options.meterRegistry(), name).apply(wrapped);
  }

  /** Whether a handler of this name was added. */
  public synchronized boolean hasHandler(String name) {
    return routes.stream().anyMatch(route -> route.name().equals(name));
  }

  /**
   * Runs handler {@code handlerName} on {@code message} on the calling thread, through the same
   * middleware as a delivery, and publishes its results to its publish topic before returning. Made
   * for replaying a dead letter after a fix: the middleware knows it is a replay (see {@link
   * #isReplaying()}), so a {@link DeadLetterQueue} lets the failure propagate instead of setting
   * the message aside again. May run while the handler also serves its subscription, so the handler
   * must be thread-safe (and, as always, idempotent). Works whether the router is running or not.
   *
   * @throws IllegalArgumentException when no handler has this name
   * @throws ReplayFailedException when the handler or the publish of its results failed
   */
  public void replay(String handlerName, Message message) {
    Objects.requireNonNull(message, "message");
    Route route;
    synchronized (this) {
      route =
          routes.stream()
              .filter(r -> r.name().equals(handlerName))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no handler named " + handlerName));
    }
    Boolean outer = REPLAYING.get();
    REPLAYING.set(Boolean.TRUE);
    try {
      List<Message> results = route.handler().handle(message);
      publishResults(route, results == null ? List.of() : results);
      log.debug("Message replayed: handler={} id={}", handlerName, message.id());
    } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
      throw new ReplayFailedException(handlerName, message.id(), e);
    } finally {
      if (outer == null) {
        REPLAYING.remove();
      }
    }
  }

  /** Whether the handler running on this thread was called by {@link #replay}. */
  public static boolean isReplaying() {
    return REPLAYING.get() != null;
  }

  /** Subscribes every handler. Idempotent. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("router is closed");
    }
    if (!running) {
      running = true;
      routes.forEach(this::subscribe);
    }
  }

  public synchronized boolean isRunning() {
    return running;
  }

  /** Stops taking messages and waits for the ones in progress to finish. Idempotent. */
  @Override
  public void close() {
    List<Subscription> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
      toClose = List.copyOf(subscriptions);
      subscriptions.clear();
    }
    toClose.forEach(Subscription::close);
    log.debug("Router closed after finishing in-flight messages");
  }

  private void subscribe(Route route) {
    subscriptions.add(
        route.batchHandler() == null
            ? subscriber.subscribe(
                route.topic(), route.options(), delivery -> handle(route, delivery))
            : subscriber.subscribeBatches(
                route.topic(),
                route.options(),
                route.maxBatch(),
                batch -> handleBatch(route, batch)));
    log.debug("Handler subscribed: handler={} topic={}", route.name(), route.topic());
  }

  /** Handles one message; true when it was acked. */
  private boolean handle(Route route, Delivery delivery) {
    Message message = delivery.message();
    try {
      List<Message> results = route.handler().handle(message);
      publishResults(route, results == null ? List.of() : results);
      delivery.ack();
      return true;
    } catch (Throwable failure) {
      log.debug(
          "Handler failed, message will be redelivered: handler={} id={} attempt={}",
          route.name(),
          message.id(),
          delivery.attempt(),
          failure);
      delivery.nack();
      return false;
    }
  }

  private void handleBatch(Route route, List<Delivery> batch) {
    if (batch.size() == 1 || batch.stream().anyMatch(delivery -> delivery.attempt() > 1)) {
      handleEach(route, batch);
      return;
    }
    List<Message> messages = batch.stream().map(Delivery::message).toList();
    List<List<Message>> results;
    try {
      results = route.batchHandler().handleBatch(messages);
      if (results == null || results.size() != messages.size()) {
        throw new IllegalStateException(
            "batch handler returned results for "
                + (results == null ? "no" : results.size())
                + " of "
                + messages.size()
                + " messages");
      }
    } catch (Throwable failure) {
      log.debug(
          "Batch failed, handling its {} messages one at a time: handler={} first={}",
          messages.size(),
          route.name(),
          messages.getFirst().id(),
          failure);
      handleEach(route, batch);
      return;
    }
    List<Message> toPublish = new ArrayList<>();
    int passed = passThroughMiddleware(route, messages, results, toPublish);
    try {
      publishResults(route, toPublish);
    } catch (Throwable failure) {
      log.debug(
          "Publishing a batch's results failed, its messages will be redelivered: handler={}",
          route.name(),
          failure);
      batch.forEach(Delivery::nack);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (i < passed) {
        batch.get(i).ack();
      } else {
        batch.get(i).nack();
      }
    }
  }

  /**
   * Runs each message of a handled batch through the middleware with the results the batch handler
   * gave it, collecting what to publish; returns how many passed before the first that failed.
   */
  private static int passThroughMiddleware(
      Route route, List<Message> messages, List<List<Message>> results, List<Message> toPublish) {
    BATCH_RESULTS.set(new BatchResults(messages, results));
    try {
      for (int i = 0; i < messages.size(); i++) {
        try {
          List<Message> passed = route.afterBatch().handle(messages.get(i));
          toPublish.addAll(passed == null ? List.of() : passed);
        } catch (Exception e) {
          log.debug(
              "Middleware failed on a message of a handled batch: handler={} id={}",
              route.name(),
              messages.get(i).id(),
              e);
          return i;
        }
      }
      return messages.size();
    } finally {
      BATCH_RESULTS.remove();
    }
  }

  private void handleEach(Route route, List<Delivery> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (!handle(route, batch.get(i))) {
        batch.subList(i + 1, batch.size()).forEach(Delivery::nack);
        return;
      }
    }
  }

  private void publishResults(Route route, List<Message> results) throws Exception {
    if (results.isEmpty()) {
      return;
    }
    if (route.publishTopic() == null) {
      log.warn(
          "Handler without publish topic returned {} messages, dropped: handler={}",
          results.size(),
          route.name());
      return;
    }
    List<CompletableFuture<Void>> published = new ArrayList<>(results.size());
    for (Message result : results) {
      published.add(publisher.publish(route.publishTopic(), result));
    }
    CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
        .get(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
