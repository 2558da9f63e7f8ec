package dev.millrace.buildlogs.lifecycle;

import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.Status;
import dev.millrace.buildlogs.builds.Step;
import dev.millrace.buildlogs.builds.StepRef;
import dev.millrace.buildlogs.ingest.IncomingLine;
import dev.millrace.buildlogs.ingest.LogService;
import dev.millrace.buildlogs.web.ApiException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the steps that their runner left behind. A running step that no runner has spoken about (no
 * status change, no lines) for {@link #timeout()} gets a marker line and fails with reason {@link
 * Step#TIMED_OUT}; at start, the steps of the mock builds that this node ran before it stopped are
 * closed: running ones fail ({@link Step#RUNNER_LOST}), pending ones are skipped.
 *
 * <p>Every node may sweep: the marker is appended as the next line (a runner that spoke meanwhile
 * made it a duplicate, and the step is left alone), and a step that finished meanwhile refuses the
 * status change (409), which is ignored. Blocking; thread-safe.
 */
public final class StepTimeouts {

  /** How long a running step may stay silent by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  static final int BATCH = 100;
  private static final Logger log = LoggerFactory.getLogger(StepTimeouts.class);

  private final BuildStore builds;
  private final LifecycleStore steps;
  private final LogService logs;
  private final Duration timeout;

  public StepTimeouts(BuildStore builds, LifecycleStore steps, LogService logs, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the step timeout must be positive: " + timeout);
    }
    this.builds = builds;
    this.steps = steps;
    this.logs = logs;
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }

  /** How often a node should sweep: a quarter of the timeout, between 1 s and 1 min. */
  public Duration sweepInterval() {
    long quarter = timeout.toMillis() / 4;
    return Duration.ofMillis(Math.max(1_000, Math.min(60_000, quarter)));
  }

  /** Times out the steps silent since {@code nowMillis - timeout}; returns how many. */
  public int sweep(long nowMillis) {
    int ended = 0;
    for (var step : steps.silentSteps(nowMillis - timeout.toMillis(), BATCH)) {
      var marker =
          "\u001b[31mStep timed out: no word from its runner for " + human(timeout) + "\u001b[0m";
      if (end(step, Status.FAILURE, Step.TIMED_OUT, marker)) {
        ended++;
      }
    }
    return ended;
  }

  /** Closes the unfinished steps of the mock builds that {@code nodeId} ran; returns how many. */
  public int closeAbandonedMockSteps(String nodeId) {
    int ended = 0;
    for (var step : steps.unfinishedMockSteps(nodeId)) {
      boolean closed =
          step.status() == Status.RUNNING
              ? end(
                  step,
                  Status.FAILURE,
                  Step.RUNNER_LOST,
                  "\u001b[31mThe mock runner stopped before this step finished\u001b[0m")
              : end(step, Status.SKIPPED, Step.RUNNER_LOST, null);
      if (closed) {
        ended++;
      }
    }
    return ended;
  }

  private boolean end(StepRef step, Status status, String reason, String marker) {
    try {
      if (marker != null) {
        var appended =
            logs.append(
                step.repo(),
                step.buildNumber(),
                step.stepNumber(),
                List.of(new IncomingLine(step.lines() + 1, marker)));
        if (appended.accepted() == 0 && !appended.truncated()) {
          return false; // its runner spoke meanwhile
        }
      }
      builds.setStepStatus(step.repo(), step.buildNumber(), step.stepNumber(), status, reason);
      log.info(
          "step ended: repo={} build={} step={} status={} reason={}",
          step.repo().slug(),
          step.buildNumber(),
          step.stepNumber(),
          status.wire(),
          reason);
      return true;
    } catch (ApiException e) {
      // finished or changed meanwhile: nothing to end
      log.debug(
          "step {} of {} left as is: {}", step.stepNumber(), step.repo().slug(), e.getMessage());
      return false;
    }
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 60 != 0 || seconds < 60) {
      return seconds + " s";
    }
    return seconds / 60 + " min";
  }
}
