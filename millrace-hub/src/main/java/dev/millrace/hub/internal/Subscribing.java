package dev.millrace.hub.internal;

import dev.millrace.hub.Update;
import dev.millrace.sse.ErrorBody;
import dev.millrace.sse.internal.FramedEvent;
import dev.millrace.sse.internal.PushStream;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code GET /.well-known/mercure}: checks the request, then joins it on its event loop. */
final class Subscribing {

  private static final int MAX_SELECTORS = 100;
  private static final long CATCH_UP_SECONDS = 5;

  private final DefaultMercureHub hub;

  Subscribing(DefaultMercureHub hub) {
    this.hub = hub;
  }

  void handle(HttpServerRequest request) {
    var response = request.response();
    hub.cors().apply(request);
    List<String> topics = request.params().getAll("topic");
    if (topics.isEmpty()) {
      ErrorBody.send(response, 400, "at least one topic selector is required (?topic=…)");
      return;
    }
    if (topics.size() > MAX_SELECTORS) {
      ErrorBody.send(response, 400, "at most " + MAX_SELECTORS + " topic selectors");
      return;
    }
    Claims claims;
    String token = Tokens.of(request, true);
    if (token == null) {
      if (!hub.options().anonymous()) {
        response.putHeader("WWW-Authenticate", "Bearer");
        ErrorBody.send(response, 401, "a subscriber JWT is required");
        return;
      }
      claims = Claims.ANONYMOUS;
    } else if (hub.subscriberVerifier() == null) {
      ErrorBody.send(response, 401, "no subscriber key is configured: JWTs cannot be verified");
      return;
    } else {
      try {
        claims = hub.subscriberVerifier().verify(token);
      } catch (InvalidTokenException e) {
        response.putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ErrorBody.send(response, 401, e.getMessage());
        return;
      }
    }
    if (hub.engine().draining()) {
      hub.engine().refuseWhileDraining(request);
      return;
    }
    var subscriber =
        new HubSubscriber(Update.newId(), List.copyOf(topics), Selectors.compile(topics), claims);
    String lastEventId = lastEventId(request);
    Context context = hub.vertx().getOrCreateContext();
    hub.ready()
        .thenCompose(
            ready ->
                lastEventId == null
                        || lastEventId.equals(History.EARLIEST)
                        || hub.history().contains(lastEventId)
                    ? CompletableFuture.<Void>completedFuture(null)
                    // An id this node does not know may have been published through another node a
                    // moment ago: catch up with the bus before deciding that the history lacks it.
                    : hub.catchUp()
                        .completeOnTimeout(null, CATCH_UP_SECONDS, TimeUnit.SECONDS)
                        .exceptionally(failure -> null))
        .whenComplete(
            (ok, failure) -> {
              Runnable answer =
                  () -> {
                    if (response.closed() || response.ended()) {
                      return;
                    }
                    if (failure != null) {
                      ErrorBody.send(response, 503, "the hub cannot read its history");
                    } else {
                      join(request, subscriber, lastEventId);
                    }
                  };
              if (Context.isOnEventLoopThread() && context == hub.vertx().getOrCreateContext()) {
                answer.run();
              } else {
                context.runOnContext(v -> answer.run());
              }
            });
  }

  /** {@code Last-Event-ID}, else the {@code lastEventID} or {@code last_event_id} parameter. */
  static String lastEventId(HttpServerRequest request) {
    String id = request.getHeader("Last-Event-ID");
    if (id == null) {
      id = request.getParam("lastEventID");
    }
    if (id == null) {
      id = request.getParam("last_event_id");
    }
    return id == null || id.isEmpty() ? null : id;
  }

  /**
   * On the request's event loop, so no delivery to this loop runs in between: reads what was
   * missed, starts the stream with the {@code Last-Event-ID} header, writes the missed updates and
   * joins the loop's index from the history's current sequence on.
   */
  private void join(HttpServerRequest request, HubSubscriber subscriber, String lastEventId) {
    var response = request.response();
    Instant expires = subscriber.claims.expiresAt();
    long ttl = expires == null ? -1 : expires.toEpochMilli() - System.currentTimeMillis();
    if (expires != null && ttl <= 0) {
      ErrorBody.send(response, 401, "the JWT has expired");
      return;
    }
    LoopIndex index = hub.index(hub.engine().currentLoop());
    History.Resume resume = hub.history().resume(lastEventId, subscriber::wants);
    response.putHeader("Last-Event-ID", resume.lastEventId());
    response.putHeader("Mercure-Last-Event-ID", resume.lastEventId());
    PushStream stream =
        hub.engine()
            .open(
                request,
                closed -> {
                  index.remove(subscriber);
                  hub.left(subscriber);
                });
    subscriber.stream = stream;
    var missed = new ArrayList<FramedEvent>(resume.missed().size());
    resume.missed().forEach(stored -> missed.add(stored.frame()));
    stream.replay(missed);
    if (missed.isEmpty()) {
      // The client's EventSource resumes from here, even if the stream breaks before its first
      // update: nothing published after this moment can be missed.
      stream.writeId(resume.lastEventId());
    }
    stream.startAfter(resume.after());
    if (stream.closed()) {
      return;
    }
    index.add(subscriber);
    hub.joined(subscriber);
    if (ttl > 0) {
      stream.endAfter(ttl);
    }
  }
}
