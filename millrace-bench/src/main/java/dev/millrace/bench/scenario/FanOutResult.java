package dev.millrace.bench.scenario;

/**
 * What one fan-out run against one server measured. Latencies are publish (request written) to
 * delivery (event parsed), in milliseconds, of events sent in the measured window; CPU is the
 * server's utime+stime from the window's start until every stream has drained, divided by the
 * deliveries in that interval, and the share of it spent in the kernel (stime); reconnects counts
 * streams the server closed that reopened with {@code Last-Event-ID}, as a browser does; the
 * machine's 1-minute load average at the end of the window shows how busy the box was.
 */
public record FanOutResult(
    String scenario,
    String target,
    String settings,
    int subscribers,
    int topics,
    double rate,
    double achievedRate,
    double measuredSeconds,
    long published,
    long publishFailed,
    long expectedDeliveries,
    long lost,
    long duplicated,
    long reordered,
    long foreign,
    long reconnects,
    long measuredDeliveries,
    double serverCpuMicrosPerDelivery,
    double serverKernelShare,
    double serverCpuPercent,
    double loadgenCpuPercent,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis,
    long rssBaselineBytes,
    long rssIdleBytes,
    long rssPeakBytes,
    double rssBytesPerIdleConnection,
    double machineLoadAverage) {}
