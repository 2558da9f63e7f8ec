package dev.millrace.buildlogs.mock;

import dev.millrace.buildlogs.builds.Repo;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.buildlogs.web.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;

/**
 * {@code POST /api/demo/builds}: starts a mock build. Optional body {@code
 * {"repo":"widgets","linesPerSecond":40,"scale":1,"failTests":false}}. Mounted only when the mock
 * runner is on; then open to all (it is a demo), but at most {@link MockRunner#MAX_RUNNING} mock
 * builds run at once (429 beyond; the cap is taken atomically, so concurrent requests cannot pass
 * it).
 */
public final class DemoApi {

  /** Body of {@code POST /api/demo/builds}; every field is optional. */
  public record DemoRequest(String repo, Double linesPerSecond, Integer scale, Boolean failTests) {

    MockBuild toMockBuild() {
      return new MockBuild(
          repo,
          linesPerSecond == null ? MockBuild.DEFAULT_LINES_PER_SECOND : linesPerSecond,
          scale == null ? 1 : scale,
          Boolean.TRUE.equals(failTests));
    }
  }

  private final MockRunner runner;

  public DemoApi(MockRunner runner) {
    this.runner = runner;
  }

  public void mount(Router router, String base) {
    router.post(base + "/builds").handler(this::start);
  }

  private void start(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        201,
        () -> {
          var body = ctx.body().buffer();
          MockBuild spec;
          try {
            spec =
                body == null || body.length() == 0
                    ? MockBuild.defaults()
                    : Json.readBody(body, DemoRequest.class).toMockBuild();
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
          }
          Repo.checkSlug(spec.repo(), "repo");
          var build =
              runner
                  .start(spec)
                  .orElseThrow(
                      () ->
                          new ApiException(
                              429,
                              "too_many_mock_builds",
                              MockRunner.MAX_RUNNING + " mock builds are running; try later"));
          var answer = new LinkedHashMap<String, Object>();
          answer.put("build", build);
          answer.put("url", "/builds/" + build.org() + "/" + build.repo() + "/" + build.number());
          return answer;
        });
  }
}
