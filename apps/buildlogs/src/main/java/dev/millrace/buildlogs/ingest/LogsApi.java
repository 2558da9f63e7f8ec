package dev.millrace.buildlogs.ingest;

import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.RepoAccess;
import dev.millrace.buildlogs.builds.StepRef;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.buildlogs.web.Responses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;

/** Appending a runner's lines, and reading a stored log as text or as JSON pages. */
public final class LogsApi {

  /** Body of {@code POST …/logs}. */
  public record AppendBatch(List<IncomingLine> lines) {}

  /** A line in a JSON page. */
  public record LineJson(int number, String text) {}

  public static final int MAX_BATCH_LINES = 10_000;
  static final int PAGE = 1000;
  static final int MAX_JSON_PAGE = 5000;

  private final RepoAccess repoAccess;
  private final BuildStore builds;
  private final LogStore logs;
  private final LogService service;

  public LogsApi(RepoAccess repoAccess, BuildStore builds, LogStore logs, LogService service) {
    this.repoAccess = repoAccess;
    this.builds = builds;
    this.logs = logs;
    this.service = service;
  }

  public void mount(Router router, String base) {
    var path = base + "/repos/:org/:repo/builds/:build/steps/:step/logs";
    router.post(path).handler(this::append);
    router.get(path).handler(this::read);
  }

  private void append(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(
            () -> {
              var repo = repoAccess.writable(ctx);
              var batch = Json.readBody(ctx.body().buffer(), AppendBatch.class);
              if (batch.lines() == null || batch.lines().size() > MAX_BATCH_LINES) {
                throw ApiException.badRequest(
                    "send 0 to " + MAX_BATCH_LINES + " lines per batch in \"lines\"");
              }
              return service.append(
                  repo,
                  RepoAccess.number(ctx, "build"),
                  RepoAccess.number(ctx, "step"),
                  batch.lines());
            },
            false)
        .onSuccess(result -> answerAppend(ctx, result))
        .onFailure(error -> Responses.fail(ctx, error));
  }

  private void answerAppend(RoutingContext ctx, AppendResult result) {
    if (result.refused() == 0) {
      Responses.json(ctx, 200, result);
      return;
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("error", "log_size_cap_reached");
    body.put(
        "message",
        "the step's log reached its "
            + LogStore.human(service.stepCapBytes())
            + " cap: "
            + result.refused()
            + " lines were discarded; the step goes on");
    body.put("accepted", result.accepted());
    body.put("duplicates", result.duplicates());
    body.put("refused", result.refused());
    body.put("lastLine", result.lastLine());
    body.put("truncated", true);
    Responses.json(ctx, 413, body);
  }

  private void read(RoutingContext ctx) {
    var from = ctx.request().getParam("from");
    var accept = ctx.request().getHeader("Accept");
    boolean json = from != null || (accept != null && accept.startsWith("application/json"));
    ctx.vertx()
        .executeBlocking(() -> step(ctx), false)
        .onSuccess(
            step -> {
              if (json) {
                page(ctx, step, from);
              } else {
                text(ctx, step);
              }
            })
        .onFailure(error -> Responses.fail(ctx, error));
  }

  private StepRef step(RoutingContext ctx) {
    var repo = repoAccess.readable(ctx);
    int build = RepoAccess.number(ctx, "build");
    int step = RepoAccess.number(ctx, "step");
    return builds
        .findStep(repo, build, step)
        .orElseThrow(
            () -> ApiException.notFound(repo.slug() + " has no build " + build + " step " + step));
  }

  private void page(RoutingContext ctx, StepRef step, String fromParam) {
    var limitParam = ctx.request().getParam("limit");
    Responses.blocking(
        ctx,
        200,
        () -> {
          int from = nonNegative(fromParam == null ? "0" : fromParam, "from");
          int limit =
              Math.min(MAX_JSON_PAGE, limitParam == null ? PAGE : nonNegative(limitParam, "limit"));
          var lines = logs.read(step.stepId(), from, limit);
          int next = lines.isEmpty() ? from : lines.getLast().number();
          var body = new LinkedHashMap<String, Object>();
          body.put("lines", lines.stream().map(l -> new LineJson(l.number(), l.text())).toList());
          body.put("next", next);
          body.put("status", step.status());
          body.put("complete", step.status().finished() && next >= step.lines());
          return body;
        });
  }

  /**
   * Streams the whole stored log as text, page by page, pausing while the client is slow: the raw
   * bytes, or with {@code ?ansi=strip} the text without escape codes; {@code ?download=1} makes it
   * a file ({@code Content-Disposition: attachment}).
   */
  private void text(RoutingContext ctx, StepRef step) {
    var response = ctx.response();
    boolean strip = "strip".equals(ctx.request().getParam("ansi"));
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff");
    if (ctx.request().getParam("download") != null) {
      response.putHeader(
          "Content-Disposition", "attachment; filename=\"" + fileName(step, strip) + "\"");
    }
    textFrom(ctx, step, 0, strip);
  }

  /** {@code org-repo-build-step.log}: only slug characters, so no quoting is needed. */
  static String fileName(StepRef step, boolean strip) {
    return step.repo().org()
        + "-"
        + step.repo().name()
        + "-"
        + step.buildNumber()
        + "-"
        + step.stepNumber()
        + (strip ? ".txt" : ".log");
  }

  private void textFrom(RoutingContext ctx, StepRef step, int after, boolean strip) {
    ctx.vertx()
        .executeBlocking(() -> logs.read(step.stepId(), after, PAGE), false)
        .onFailure(error -> ctx.response().reset())
        .onSuccess(
            lines -> {
              var response = ctx.response();
              if (response.closed()) {
                return;
              }
              var buffer = Buffer.buffer();
              for (var line : lines) {
                if (strip) {
                  buffer.appendString(AnsiText.strip(line.text())).appendByte((byte) '\n');
                } else {
                  buffer.appendBytes(line.content()).appendByte((byte) '\n');
                }
              }
              if (lines.size() < PAGE) {
                response.end(buffer);
                return;
              }
              response.write(buffer);
              int next = lines.getLast().number();
              if (response.writeQueueFull()) {
                response.drainHandler(v -> textFrom(ctx, step, next, strip));
              } else {
                textFrom(ctx, step, next, strip);
              }
            });
  }

  private static int nonNegative(String value, String name) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest(name + " must be a non-negative number, was " + value);
  }
}
