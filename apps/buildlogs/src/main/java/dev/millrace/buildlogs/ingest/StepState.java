package dev.millrace.buildlogs.ingest;

import dev.millrace.buildlogs.builds.Status;

/**
 * A step's status and last line number, read together. When {@code status} is finished, {@code
 * lines} is final: a finished step accepts no more lines.
 */
public record StepState(Status status, int lines) {}
