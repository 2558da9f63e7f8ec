package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One step of a build.
 *
 * @param lines number of stored log lines (line numbers are 1..lines)
 * @param truncated whether the log reached the per-step size cap
 * @param reason why the step ended as it did, when its status alone does not say: {@code timed_out}
 *     (no word from its runner for too long), {@code runner_lost} (its runner stopped); otherwise
 *     null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Step(
    int number,
    String name,
    Status status,
    int lines,
    boolean truncated,
    Instant startedAt,
    Instant finishedAt,
    String reason) {

  public static final String TIMED_OUT = "timed_out";
  public static final String RUNNER_LOST = "runner_lost";
}
