package dev.millrace.feeds.http;

import dev.millrace.jdbc.OutboxRejectedException;
import dev.millrace.sse.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every API error is a JSON body {@code {"error": "<code>", "message": "…"}} (see {@link
 * ErrorBody}) with a matching status; unexpected failures are a 500 whose body says nothing
 * internal but a correlation id, which the log line of the cause repeats.
 */
public final class ApiErrors implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  /** Answers {@code status} with the code of the status and {@code message}. */
  public static void send(RoutingContext ctx, int status, String message) {
    ErrorBody.send(ctx.response(), status, message);
  }

  /** The outbox's refusal of an event the broker would refuse, wherever it is in the chain. */
  private static OutboxRejectedException rejection(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutboxRejectedException rejected) {
        return rejected;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** The failure handler of the API router. */
  @Override
  public void handle(RoutingContext ctx) {
    var failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof ApiException api) {
      send(ctx, api.status(), api.getMessage());
    } else if (rejection(failure) != null) {
      send(ctx, 422, rejection(failure).getMessage());
    } else if (status == 413) {
      send(ctx, 413, "request body too large");
    } else if (status >= 400 && status < 500) {
      send(ctx, status, failure != null ? failure.getMessage() : "bad request");
    } else {
      ErrorBody.internalError(log, ctx.request(), failure);
    }
  }
}
