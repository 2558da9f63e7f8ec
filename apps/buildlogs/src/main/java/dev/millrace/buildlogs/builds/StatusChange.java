package dev.millrace.buildlogs.builds;

/**
 * The result of setting a step's status.
 *
 * @param build the build after the change
 * @param stepId storage id of the step
 * @param changed false when the step already had that status (an idempotent re-send)
 */
public record StatusChange(Build build, long stepId, boolean changed) {}
