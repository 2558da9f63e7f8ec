package dev.millrace.server;

import dev.millrace.sse.ErrorBody;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's answers to what no app handles, in the one error shape ({@link ErrorBody}): requests
 * that HTTP decoding refuses (a URI or headers too long, a malformed request), paths no route
 * serves, methods a route does not take, and failures no app's own handler answered. A 500 is
 * logged at WARN with a correlation id that its body repeats.
 */
final class ErrorAnswers {

  private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

  private ErrorAnswers() {}

  /** Installs the router's answers for 404, 405, 413, other 4xx and 500. */
  static void install(Router router) {
    router.errorHandler(404, ctx -> send(ctx, 404, "no route for " + ctx.request().path()));
    router.errorHandler(
        405, ctx -> send(ctx, 405, ctx.request().method() + " is not allowed on this path"));
    router.errorHandler(413, ctx -> send(ctx, 413, "the request body is too large"));
    for (int status : new int[] {400, 401, 403, 409, 414, 415, 422, 429, 431}) {
      router.errorHandler(status, ctx -> send(ctx, status, clientMessage(ctx)));
    }
    router.errorHandler(500, ErrorAnswers::internalError);
  }

  /**
   * Refuses, with 415, any {@code /api/} request that carries a form or multipart body: every API
   * takes JSON, and refusing these before a body handler runs means no form decoder ever sees them
   * (a large form would otherwise fail inside it).
   */
  static void refuseFormBodies(Router router) {
    router
        .route("/api/*")
        .handler(
            ctx -> {
              var type = ctx.request().getHeader("Content-Type");
              if (type != null && isForm(type)) {
                send(ctx, 415, "this API takes JSON bodies (Content-Type: application/json)");
              } else {
                ctx.next();
              }
            });
  }

  private static boolean isForm(String contentType) {
    var type = contentType.toLowerCase(java.util.Locale.ROOT).strip();
    return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
  }

  /** What the HTTP server answers to a request it could not decode. */
  static Handler<HttpServerRequest> invalidRequests() {
    return request -> {
      var cause = request.decoderResult().cause();
      int status;
      String message;
      if (cause instanceof TooLongHttpLineException) {
        status = 414;
        message = "the request line is too long";
      } else if (cause instanceof TooLongHttpHeaderException) {
        status = 431;
        message = "the request headers are too large";
      } else if (cause instanceof TooLongFrameException) {
        status = 413;
        message = "a part of the request is too large";
      } else {
        status = 400;
        message = "the request is not valid HTTP";
      }
      request
          .response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Connection", "close")
          .end(ErrorBody.json(ErrorBody.codeFor(status), message))
          .onComplete(done -> request.connection().close());
    };
  }

  /**
   * A failure no handler answered: a bug, logged with the correlation id its 500 repeats. A client
   * that went away mid-answer (a static file cut short) is no bug and gets no answer.
   */
  private static void internalError(RoutingContext ctx) {
    if (ctx.response().closed() || ctx.failure() instanceof HttpClosedException) {
      log.debug("client closed the connection mid-answer path={}", ctx.request().path());
      return;
    }
    ErrorBody.internalError(log, ctx.request(), ctx.failure());
  }

  private static String clientMessage(RoutingContext ctx) {
    var failure = ctx.failure();
    return failure != null && failure.getMessage() != null
        ? failure.getMessage()
        : "the request was refused";
  }

  private static void send(RoutingContext ctx, int status, String message) {
    ErrorBody.send(ctx.response(), status, message);
  }
}
