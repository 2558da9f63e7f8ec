package dev.millrace.buildlogs.ingest;

/**
 * What an append did.
 *
 * @param accepted lines stored by this call
 * @param duplicates lines skipped because that line number was already stored
 * @param refused lines discarded because the step's log reached its size cap
 * @param lastLine the last stored line number of the step after this call
 * @param truncated whether the step's log has reached its size cap
 */
public record AppendResult(
    int accepted, int duplicates, int refused, int lastLine, boolean truncated) {}
