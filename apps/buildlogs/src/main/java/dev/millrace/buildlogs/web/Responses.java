package dev.millrace.buildlogs.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.millrace.sse.ErrorBody;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON answers and JSON errors; runs blocking work off the event loop. */
public final class Responses {

  private static final Logger log = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(Json.write(body));
  }

  /**
   * Runs blocking {@code work} on a worker thread, then answers {@code status} with its result as
   * JSON; a failure goes to {@link #fail}.
   */
  public static <T> void blocking(RoutingContext ctx, int status, Callable<T> work) {
    ctx.vertx()
        .executeBlocking(work, false)
        .onSuccess(result -> json(ctx, status, result))
        .onFailure(error -> fail(ctx, error));
  }

  /**
   * Failure handler of the app's routes: every error is JSON. An {@link ApiException} answers its
   * status and code, a malformed body 400, a 4xx the router set (such as 413 from a body limit)
   * that status; anything else, with or without an exception, is a 500 {@code internal_error}
   * logged at WARN with the correlation id its body repeats.
   */
  public static void fail(RoutingContext ctx, Throwable error) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    var body = new LinkedHashMap<String, Object>();
    int status;
    if (error instanceof ApiException api) {
      status = api.status();
      body.put("error", api.code());
      body.put("message", api.getMessage());
      body.putAll(api.details());
      api.headers().forEach(response::putHeader);
      if (status == 401) {
        response.putHeader("WWW-Authenticate", "Bearer realm=\"millrace\"");
      }
    } else if (error instanceof JsonProcessingException) {
      status = 400;
      body.put("error", "bad_request");
      body.put("message", "malformed JSON body");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      body.put("error", ErrorBody.codeFor(status));
      body.put(
          "message",
          status == 413 ? "the request body is too large" : "request failed with HTTP " + status);
    } else {
      // a failure no handler expected, with or without an exception: a bug
      ErrorBody.internalError(log, ctx.request(), error);
      return;
    }
    json(ctx, status, body);
  }
}
