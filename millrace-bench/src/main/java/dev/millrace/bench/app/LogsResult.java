package dev.millrace.bench.app;

/**
 * One build-log run. {@code linesDeliveredPerSecond}: line events received by all viewers, per
 * second from the first append until every viewer had its step's end. Latency runs from the append
 * request being sent to a viewer parsing the line. Lost, duplicated and reordered are summed over
 * viewers; a viewer's ids must be exactly 1..last.
 */
public record LogsResult(
    String scenario,
    String target,
    String settings,
    int steps,
    int viewersPerStep,
    double linesPerSecondAsked,
    long linesAppended,
    long appendsFailed,
    double linesAppendedPerSecond,
    long deliveries,
    double linesDeliveredPerSecond,
    double p50Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis,
    long lost,
    long duplicated,
    long reordered,
    int viewersEnded,
    double drainSeconds,
    double serverCpuPercent,
    double serverCpuMicrosPerDelivery,
    double machineLoadAverage) {}
