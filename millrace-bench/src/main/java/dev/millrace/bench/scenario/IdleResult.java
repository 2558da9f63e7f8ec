package dev.millrace.bench.scenario;

/**
 * Idle capacity of one server process: streams attempted and opened (a 200 response head received),
 * resident memory before and with them open, and the server's open-files limit.
 */
public record IdleResult(
    String scenario,
    String target,
    String settings,
    int attempted,
    int opened,
    int failed,
    long openFilesLimit,
    long rssBaselineBytes,
    long rssOpenBytes,
    double rssBytesPerIdleConnection,
    double machineLoadAverage) {}
