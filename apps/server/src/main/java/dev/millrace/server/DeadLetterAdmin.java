package dev.millrace.server;

import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.core.router.ReplayFailedException;
import dev.millrace.sse.ErrorBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of dead letters, behind {@code Authorization: Bearer <admin token>}:
 *
 * <ul>
 *   <li>{@code GET /admin/dead-letters?limit=100&after=<id>}: 200 {@code {"count": n,
 *       "dead_letters": [...], "next": <id or null>}}, oldest first;
 *   <li>{@code POST /admin/dead-letters/{id}/replay}: 200 {@code {"replayed": id}} once the handler
 *       succeeded; 404 {@code not_found}, 409 {@code no_handler}, 422 {@code replay_failed} (the
 *       dead letter stays);
 *   <li>{@code DELETE /admin/dead-letters/{id}}: 204, or 404 {@code not_found}.
 * </ul>
 *
 * <p>Errors are {@code {"error":"<code>","message":"..."}}; 401 {@code unauthorized} without the
 * token; a failure of the store is a 500 {@code internal_error} with a correlation id that the WARN
 * log line repeats. Not mounted at all when no admin token is configured. The store is read on
 * worker threads.
 */
final class DeadLetterAdmin {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private static final Logger log = LoggerFactory.getLogger(DeadLetterAdmin.class);

  private final DeadLetters deadLetters;
  private final byte[] token;

  DeadLetterAdmin(DeadLetters deadLetters, String token) {
    this.deadLetters = deadLetters;
    this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  void mount(Router router) {
    router.route("/admin/*").handler(this::authorize);
    router.get("/admin/dead-letters").handler(this::list);
    router.post("/admin/dead-letters/:id/replay").handler(this::replay);
    router.delete("/admin/dead-letters/:id").handler(this::drop);
  }

  private void authorize(RoutingContext ctx) {
    var header = ctx.request().getHeader("Authorization");
    if (header == null || !MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8))) {
      error(ctx, 401, "unauthorized", "a valid admin token is required");
      return;
    }
    ctx.next();
  }

  private void list(RoutingContext ctx) {
    int limit;
    try {
      limit = Integer.parseInt(ctx.request().getParam("limit", "" + DEFAULT_LIMIT));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      error(ctx, 400, "bad_limit", "limit must be 1 to " + MAX_LIMIT);
      return;
    }
    var after = ctx.request().getParam("after");
    int pageSize = limit;
    blocking(
        ctx,
        () -> {
          var page = deadLetters.list(after, pageSize);
          var items = new JsonArray();
          page.forEach(letter -> items.add(toJson(letter)));
          var next = page.size() == pageSize ? page.getLast().id() : null;
          return new Reply(
              200,
              new JsonObject()
                  .put("count", deadLetters.count())
                  .put("dead_letters", items)
                  .put("next", next));
        });
  }

  private void replay(RoutingContext ctx) {
    var id = ctx.pathParam("id");
    blocking(
        ctx,
        () -> {
          try {
            return switch (deadLetters.replay(id)) {
              case REPLAYED -> new Reply(200, new JsonObject().put("replayed", id));
              case NOT_FOUND -> Reply.error(404, "not_found", "no dead letter " + id);
              case NO_HANDLER ->
                  Reply.error(409, "no_handler", "no handler on this node replays " + id);
            };
          } catch (ReplayFailedException e) {
            log.warn("replay of dead letter {} failed", id, e);
            return Reply.error(422, "replay_failed", DeadLetter.reasonOf(e));
          }
        });
  }

  private void drop(RoutingContext ctx) {
    var id = ctx.pathParam("id");
    blocking(
        ctx,
        () -> {
          if (deadLetters.drop(id)) {
            log.warn("dead letter {} dropped by an administrator", id);
            return new Reply(204, null);
          }
          return Reply.error(404, "not_found", "no dead letter " + id);
        });
  }

  static JsonObject toJson(DeadLetter letter) {
    var message = letter.message();
    var json =
        new JsonObject()
            .put("id", letter.id())
            .put("handler", letter.handler())
            .put("topic", letter.topic())
            .put("message_id", message.id())
            .put("reason", letter.reason())
            .put("attempts", letter.attempts())
            .put("first_failed_at", letter.firstFailedAt().toString())
            .put("last_failed_at", letter.lastFailedAt().toString())
            .put("metadata", new JsonObject(new java.util.TreeMap<>(message.metadata())));
    try {
      json.put(
          "payload",
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(message.payload()))
              .toString());
    } catch (CharacterCodingException e) {
      json.put("payload_base64", Base64.getEncoder().encodeToString(message.payload()));
    }
    return json;
  }

  /** A response computed on a worker thread, written on the request's context. */
  private record Reply(int status, JsonObject body) {
    static Reply error(int status, String code, String message) {
      return new Reply(status, new JsonObject().put("error", code).put("message", message));
    }
  }

  private static void blocking(RoutingContext ctx, Callable<Reply> work) {
    ctx.vertx()
        .executeBlocking(work, false)
        .onSuccess(reply -> respond(ctx, reply))
        .onFailure(failure -> ErrorBody.internalError(log, ctx.request(), failure));
  }

  private static void respond(RoutingContext ctx, Reply reply) {
    var response =
        ctx.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store");
    if (reply.body() == null) {
      response.end();
    } else {
      response.putHeader("Content-Type", "application/json").end(reply.body().encode());
    }
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    respond(ctx, Reply.error(status, code, message));
  }
}
