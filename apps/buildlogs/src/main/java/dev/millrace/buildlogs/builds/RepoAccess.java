package dev.millrace.buildlogs.builds;

import dev.millrace.buildlogs.auth.Access;
import dev.millrace.buildlogs.web.ApiException;
import io.vertx.ext.web.RoutingContext;

/** Resolves the {@code :org/:repo} of a request and checks who may read or write it. Blocking. */
public final class RepoAccess {

  private final RepoStore repos;
  private final Access access;

  public RepoAccess(RepoStore repos, Access access) {
    this.repos = repos;
    this.access = access;
  }

  /**
   * The repository of the request, if the caller may read it. An unknown repository and a private
   * one the caller may not read get the same 404, so a private repository's existence never leaks.
   * Stream tokens do not count here (see {@link #streamable}).
   */
  public Repo readable(RoutingContext ctx) {
    return visible(ctx, false);
  }

  /** As {@link #readable}, for a stream: a stream token of the repository counts too. */
  public Repo streamable(RoutingContext ctx) {
    return visible(ctx, true);
  }

  /**
   * As {@link #streamable(RoutingContext)}, for a repository named elsewhere than in the path (a
   * stream that carries several resources names them in its query).
   */
  public Repo streamable(RoutingContext ctx, String org, String name) {
    return visible(ctx, Repo.checkSlug(org, "org"), Repo.checkSlug(name, "repo"), true);
  }

  private Repo visible(RoutingContext ctx, boolean stream) {
    var org = Repo.checkSlug(ctx.pathParam("org"), "org");
    var name = Repo.checkSlug(ctx.pathParam("repo"), "repo");
    return visible(ctx, org, name, stream);
  }

  private Repo visible(RoutingContext ctx, String org, String name, boolean stream) {
    return repos
        .find(org, name)
        .filter(repo -> access.mayRead(ctx, repo, stream))
        .orElseThrow(() -> notFound(org, name));
  }

  /** The answer to a repository that does not exist or that the caller may not read. */
  static ApiException notFound(String org, String name) {
    return ApiException.notFound("no repository " + org + "/" + name);
  }

  /** The repository of a runner request; 404 when it does not exist. */
  public Repo writable(RoutingContext ctx) {
    access.requireRunner(ctx);
    var org = Repo.checkSlug(ctx.pathParam("org"), "org");
    var name = Repo.checkSlug(ctx.pathParam("repo"), "repo");
    return repos.find(org, name).orElseThrow(() -> notFound(org, name));
  }

  public Access access() {
    return access;
  }

  public RepoStore repos() {
    return repos;
  }

  /** A positive integer path parameter; anything else is a 404 (no such resource). */
  public static int number(RoutingContext ctx, String name) {
    var value = ctx.pathParam(name);
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.notFound(name + " must be a positive number, was " + value);
  }
}
