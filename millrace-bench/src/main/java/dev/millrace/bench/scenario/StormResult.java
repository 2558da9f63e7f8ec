package dev.millrace.bench.scenario;

/**
 * A reconnect storm against one server: every stream dropped at once while publishing goes on, each
 * reopening after a random delay with {@code Last-Event-ID}.
 */
public record StormResult(
    String scenario,
    String target,
    String settings,
    int subscribers,
    int topics,
    double rate,
    long reconnectJitterMillis,
    double secondsUntilAllResumed,
    boolean allResumed,
    long published,
    long publishFailed,
    long lost,
    long duplicated,
    long reordered,
    long rssBeforeBytes,
    long rssPeakBytes,
    double machineLoadAverage) {}
