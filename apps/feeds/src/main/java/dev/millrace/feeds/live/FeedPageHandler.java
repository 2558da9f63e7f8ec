package dev.millrace.feeds.live;

import dev.millrace.feeds.http.ApiErrors;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.PageRequest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/feeds/:name?before=id&limit=n}: one page of a long feed as JSON, older than post
 * {@code before}. Requests with neither parameter go on to the live feed stream.
 */
final class FeedPageHandler implements Handler<RoutingContext> {

  private final FeedReadModel readModel;

  FeedPageHandler(FeedReadModel readModel) {
    this.readModel = readModel;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var before = ctx.queryParams().get("before");
    var limitParam = ctx.queryParams().get("limit");
    if (before == null && limitParam == null) {
      ctx.next();
      return;
    }
    int limit;
    try {
      limit = limitParam == null ? PageRequest.DEFAULT_LIMIT : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
      ApiErrors.send(ctx, 400, "limit must be an integer from 1 to " + PageRequest.MAX_LIMIT);
      return;
    }
    var name = ctx.pathParam("name");
    var page = new PageRequest(before, limit);
    ctx.vertx()
        .executeBlocking(() -> readModel.feed(name, page), false)
        .onFailure(ctx::fail)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ApiErrors.send(
                    ctx,
                    404,
                    before == null
                        ? "no feed named " + name
                        : "no post " + before + " in feed " + name);
                return;
              }
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-store")
                  .end(Buffer.buffer(Snapshots.json(found.get())));
            });
  }
}
