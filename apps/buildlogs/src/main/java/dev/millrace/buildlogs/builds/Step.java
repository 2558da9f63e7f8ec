package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One step of a build.
 *
 * @param lines number of stored log lines (line numbers are 1..lines)
 * @param truncated whether the log reached the per-step size cap
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Step(
    int number,
    String name,
    Status status,
    int lines,
    boolean truncated,
    Instant startedAt,
    Instant finishedAt) {}
