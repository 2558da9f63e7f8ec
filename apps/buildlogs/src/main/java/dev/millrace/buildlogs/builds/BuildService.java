package dev.millrace.buildlogs.builds;

import dev.millrace.buildlogs.ingest.SecretMasker;
import dev.millrace.buildlogs.web.ApiException;
import java.util.List;

/** Validates and creates builds, changes step statuses. Blocking; thread-safe. */
public final class BuildService {

  public static final int MAX_STEPS = 50;
  public static final int MAX_SECRETS = 100;

  private final RepoStore repos;
  private final BuildStore builds;

  public BuildService(RepoStore repos, BuildStore builds) {
    this.repos = repos;
    this.builds = builds;
  }

  /** Creates a build, and its repository (public) if it does not exist yet. */
  public Build create(String org, String name, List<String> stepNames, List<String> secrets) {
    Repo.checkSlug(org, "org");
    Repo.checkSlug(name, "repo");
    if (stepNames == null || stepNames.isEmpty() || stepNames.size() > MAX_STEPS) {
      throw ApiException.badRequest("a build needs 1 to " + MAX_STEPS + " steps");
    }
    for (var step : stepNames) {
      if (step == null || step.isBlank() || step.length() > 200) {
        throw ApiException.badRequest("each step needs a name of 1 to 200 characters");
      }
    }
    var checkedSecrets = secrets == null ? List.<String>of() : secrets;
    if (checkedSecrets.size() > MAX_SECRETS) {
      throw ApiException.badRequest("at most " + MAX_SECRETS + " secrets per build");
    }
    for (var secret : checkedSecrets) {
      if (secret == null
          || secret.length() < SecretMasker.MIN_SECRET_LENGTH
          || secret.length() > 1000) {
        throw ApiException.badRequest(
            "secrets must be "
                + SecretMasker.MIN_SECRET_LENGTH
                + " to 1000 characters long (shorter ones would mask ordinary text)");
      }
    }
    var repo = repos.ensure(org, name);
    return builds.create(repo, stepNames, checkedSecrets);
  }

  public StatusChange setStepStatus(Repo repo, int build, int step, Status status) {
    return builds.setStepStatus(repo, build, step, status);
  }
}
