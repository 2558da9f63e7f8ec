package dev.millrace.feeds.http;

import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.generator.RandomPosts;
import dev.millrace.feeds.posting.JdbcPostStore;
import dev.millrace.feeds.posting.PostNotFoundException;
import dev.millrace.feeds.posting.StaleEditException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The write side of the API: {@code POST /posts}, {@code PATCH /posts/:id}, {@code POST
 * /generate/post[?count=n]}. An edit that names the version it was based on ({@code "version"}) and
 * finds the post changed since gets 409 {@code {"error":"conflict","message":…,
 * "currentVersion":N}}. Blocking JDBC runs on worker threads.
 */
public final class PostRoutes {

  /** Largest accepted request body; larger ones get 413. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  /** Most posts one {@code /generate/post?count=} call creates. */
  public static final int MAX_GENERATED = 100;

  private final Vertx vertx;
  private final JdbcPostStore store;
  private final RandomPosts randomPosts;

  public PostRoutes(Vertx vertx, JdbcPostStore store, RandomPosts randomPosts) {
    this.vertx = vertx;
    this.store = store;
    this.randomPosts = randomPosts;
  }

  /** Adds the routes to {@code router} under {@code base} (such as {@code /api}). */
  public void addTo(Router router, String base) {
    var body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.post(base + "/posts").handler(body).handler(this::create);
    router.patch(base + "/posts/:id").handler(body).handler(this::edit);
    router.post(base + "/generate/post").handler(this::generate);
  }

  private void create(RoutingContext ctx) {
    var draft = RequestBodies.draft(ctx);
    blocking(ctx, () -> store.create(draft))
        .onSuccess(
            post -> {
              ctx.response().putHeader("Location", "/api/posts/" + post.id());
              json(ctx, 201, Map.of("id", post.id()));
            });
  }

  private void edit(RoutingContext ctx) {
    var id = ctx.pathParam("id");
    var edit = RequestBodies.edit(ctx);
    var fields = edit.fields();
    blocking(ctx, () -> store.edit(id, fields.title(), fields.content(), edit.basedOn()))
        .onSuccess(post -> ctx.response().setStatusCode(204).end());
  }

  private void generate(RoutingContext ctx) {
    int count = count(ctx.queryParam("count"));
    blocking(
            ctx,
            () -> {
              var ids = new ArrayList<String>();
              for (int i = 0; i < count; i++) {
                ids.add(store.create(randomPosts.next()).id());
              }
              return ids;
            })
        .onSuccess(ids -> json(ctx, 201, Map.of("ids", ids)));
  }

  private static int count(List<String> values) {
    if (values.isEmpty()) {
      return 1;
    }
    try {
      int count = Integer.parseInt(values.get(0));
      if (count >= 1 && count <= MAX_GENERATED) {
        return count;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(400, "count must be an integer from 1 to " + MAX_GENERATED);
  }

  private <T> io.vertx.core.Future<T> blocking(RoutingContext ctx, Callable<T> work) {
    return vertx
        .executeBlocking(work, false)
        .onFailure(
            e -> {
              if (e instanceof PostNotFoundException) {
                ApiErrors.send(ctx, 404, e.getMessage());
              } else if (e instanceof StaleEditException stale) {
                json(
                    ctx,
                    409,
                    Map.of(
                        "error",
                        "conflict",
                        "message",
                        stale.getMessage(),
                        "currentVersion",
                        stale.current()));
              } else {
                ctx.fail(e);
              }
            });
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(Buffer.buffer(EventCodec.bytes(body)));
  }
}
