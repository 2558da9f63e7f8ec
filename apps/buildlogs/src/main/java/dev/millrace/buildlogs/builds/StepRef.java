package dev.millrace.buildlogs.builds;

/**
 * Where a step's log lives and what state it is in, as read in one query.
 *
 * @param lines stored line count: the last line number
 */
public record StepRef(
    long stepId,
    long buildId,
    Repo repo,
    int buildNumber,
    int stepNumber,
    Status status,
    int lines,
    boolean truncated) {}
