package dev.millrace.core.deadletter;

/**
 * Marks an exception as {@link FailureKind#TRANSIENT} for {@link FailureClassifier#standard()}:
 * implement it on an exception type that means "a dependency is unavailable, try again later".
 */
public interface TransientFailure {}
