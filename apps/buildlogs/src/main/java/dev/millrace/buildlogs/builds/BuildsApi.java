package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.millrace.buildlogs.auth.Access;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.buildlogs.web.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** The HTTP API of repositories, builds and step statuses. */
public final class BuildsApi {

  /** Body of {@code POST …/builds}. */
  public record CreateBuild(List<StepSpec> steps, List<String> secrets) {}

  /** One step of {@link CreateBuild}. */
  public record StepSpec(String name) {}

  /** Body of {@code PATCH …/steps/{step}}. */
  public record StatusUpdate(String status) {}

  /** Body of {@code PUT /api/v1/repos/{org}/{repo}}. */
  public record RepoSettings(@JsonProperty("private") boolean isPrivate) {}

  static final int LIST_LIMIT = 50;

  private final RepoAccess repoAccess;
  private final BuildStore builds;
  private final BuildService service;

  public BuildsApi(RepoAccess repoAccess, BuildStore builds, BuildService service) {
    this.repoAccess = repoAccess;
    this.builds = builds;
    this.service = service;
  }

  public void mount(Router router, String base) {
    router.put(base + "/repos/:org/:repo").handler(this::putRepo);
    router.get(base + "/repos").handler(this::listRepos);
    router.get(base + "/builds").handler(this::recentBuilds);
    router.post(base + "/repos/:org/:repo/builds").handler(this::createBuild);
    router.get(base + "/repos/:org/:repo/builds").handler(this::listBuilds);
    router.get(base + "/repos/:org/:repo/builds/:build").handler(this::getBuild);
    router.patch(base + "/repos/:org/:repo/builds/:build/steps/:step").handler(this::patchStep);
    router.post(base + "/repos/:org/:repo/stream-token").handler(this::streamToken);
  }

  /**
   * A short-lived token for {@code ?access_token=} on the streams of a private repository. Minting
   * one needs a session cookie or the viewer or runner token: a stream token cannot renew itself.
   */
  private void streamToken(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> {
          repoAccess.access().requireViewer(ctx);
          var repo = repoAccess.readable(ctx);
          return Map.of(
              "token",
              repoAccess.access().newStreamToken(repo),
              "expiresInSeconds",
              Access.STREAM_TOKEN_TTL.toSeconds());
        });
  }

  private void putRepo(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> {
          repoAccess.access().requireRunner(ctx);
          var org = Repo.checkSlug(ctx.pathParam("org"), "org");
          var name = Repo.checkSlug(ctx.pathParam("repo"), "repo");
          var settings = Json.readBody(ctx.body().buffer(), RepoSettings.class);
          return repoAccess.repos().put(org, name, settings.isPrivate());
        });
  }

  private void listRepos(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> Map.of("repos", repoAccess.repos().list(repoAccess.access().canReadPrivate(ctx))));
  }

  private void recentBuilds(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> Map.of("builds", builds.recent(repoAccess.access().canReadPrivate(ctx), LIST_LIMIT)));
  }

  private void createBuild(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        201,
        () -> {
          repoAccess.access().requireRunner(ctx);
          var request = Json.readBody(ctx.body().buffer(), CreateBuild.class);
          var steps =
              request.steps() == null
                  ? List.<String>of()
                  : request.steps().stream()
                      .map(step -> step == null ? null : step.name())
                      .toList();
          return service.create(
              ctx.pathParam("org"), ctx.pathParam("repo"), steps, request.secrets());
        });
  }

  private void listBuilds(RoutingContext ctx) {
    Responses.blocking(
        ctx, 200, () -> Map.of("builds", builds.list(repoAccess.readable(ctx), LIST_LIMIT)));
  }

  private void getBuild(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> {
          var repo = repoAccess.readable(ctx);
          int number = RepoAccess.number(ctx, "build");
          return builds
              .find(repo, number)
              .orElseThrow(() -> ApiException.notFound(repo.slug() + " has no build " + number));
        });
  }

  private void patchStep(RoutingContext ctx) {
    Responses.blocking(
        ctx,
        200,
        () -> {
          var repo = repoAccess.writable(ctx);
          var update = Json.readBody(ctx.body().buffer(), StatusUpdate.class);
          return service
              .setStepStatus(
                  repo,
                  RepoAccess.number(ctx, "build"),
                  RepoAccess.number(ctx, "step"),
                  Status.parse(update.status()))
              .build();
        });
  }
}
