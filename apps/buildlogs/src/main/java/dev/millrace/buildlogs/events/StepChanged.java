package dev.millrace.buildlogs.events;

/**
 * A step got new log lines or a new status. A notification only: viewers read the lines themselves
 * from SQL, so a lost or duplicated notification never loses or repeats a line.
 *
 * @param stepId storage id of the step
 * @param buildId storage id of its build
 * @param buildKey {@code org/repo#number}, the key of the build's status stream
 * @param from the first line number this change added (lines + 1 when it added none)
 * @param lines the step's last stored line number when this was published
 * @param status the step's status when this was published
 */
public record StepChanged(
    long stepId, long buildId, String buildKey, int from, int lines, String status) {}
