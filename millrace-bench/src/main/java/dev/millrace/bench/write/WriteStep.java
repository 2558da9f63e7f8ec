package dev.millrace.bench.write;

/**
 * One rate step of the write scenario. {@code acceptedPerSecond}: posts answered 201 per second of
 * sending; visibility is from the post request being sent (so it includes the write itself) to the
 * first event a watcher parsed that shows it, over both kinds of watchers; {@code ack…}: the
 * write's own latency; {@code rendersPerPost}: the server's SSE renders (all streams) per post;
 * {@code cpuMicrosPerPost}: server CPU (every process given) over sending and draining, per post;
 * {@code lost}: posts some watcher's final state lacks; {@code drained}: every watcher's final
 * state had every post within the drain timeout.
 */
public record WriteStep(
    double targetRate,
    int posts,
    int failed,
    double acceptedPerSecond,
    double ackP50Millis,
    double ackP99Millis,
    double visibleP50Millis,
    double visibleP99Millis,
    double visibleMaxMillis,
    double rendersPerPost,
    double cpuMicrosPerPost,
    double serverCpuPercent,
    long lost,
    long duplicated,
    boolean drained,
    double drainSeconds) {

  /** Whether this step kept up: p99 visibility under 1 s, nothing lost, the rate reached. */
  public boolean keptUp() {
    boolean rateReached = targetRate == 0 || acceptedPerSecond >= 0.95 * targetRate;
    return drained && lost == 0 && failed == 0 && visibleP99Millis < 1000 && rateReached;
  }
}
