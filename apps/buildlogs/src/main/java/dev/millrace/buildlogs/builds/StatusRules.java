package dev.millrace.buildlogs.builds;

import dev.millrace.buildlogs.web.ApiException;
import java.util.List;

/** Which status changes are allowed, and the build status that follows from its steps. */
final class StatusRules {

  private StatusRules() {}

  static void checkTransition(Step step, Status next) {
    if (step.status().finished()) {
      throw ApiException.conflict(
          "step_finished",
          "step " + step.number() + " already finished with " + step.status().wire());
    }
    if (next == Status.PENDING) {
      throw ApiException.conflict(
          "invalid_transition", "step " + step.number() + " cannot go back to pending");
    }
    if (next == Status.SKIPPED && step.status() != Status.PENDING) {
      throw ApiException.conflict(
          "invalid_transition", "step " + step.number() + " has started: it cannot be skipped");
    }
  }

  /**
   * The build status once step {@code changed} has status {@code next}: once every step has
   * finished, failure if one failed, else cancelled if one was cancelled, else success (skipped
   * steps do not count against it).
   */
  static Status derive(List<Step> steps, int changed, Status next) {
    boolean allFinished = true;
    boolean anyFailed = false;
    boolean anyCancelled = false;
    boolean anyStarted = false;
    for (var step : steps) {
      var status = step.number() == changed ? next : step.status();
      allFinished &= status.finished();
      anyFailed |= status == Status.FAILURE;
      anyCancelled |= status == Status.CANCELLED;
      anyStarted |= status != Status.PENDING;
    }
    if (allFinished) {
      if (anyFailed) {
        return Status.FAILURE;
      }
      return anyCancelled ? Status.CANCELLED : Status.SUCCESS;
    }
    return anyStarted ? Status.RUNNING : Status.PENDING;
  }
}
