package dev.millrace.bench.report;

import dev.millrace.bench.scenario.FanOutResult;

/**
 * Millrace divided by nchan for one scenario: below 1 means Millrace used less (CPU, memory) or was
 * faster (latency). The goal is cpu &lt;= 0.8, p99 &lt;= 1, and memory &lt;= 8 KB per idle
 * connection.
 */
public record Ratios(
    String scenario,
    double cpuPerDelivery,
    double p50,
    double p99,
    double rssPerIdleConnection,
    boolean goalMet) {

  public static final double CPU_GOAL = 0.8;
  public static final double BYTES_PER_CONNECTION_GOAL = 8 * 1024;

  public static Ratios of(FanOutResult millrace, FanOutResult nchan) {
    double cpu = ratio(millrace.serverCpuMicrosPerDelivery(), nchan.serverCpuMicrosPerDelivery());
    double p99 = ratio(millrace.p99Millis(), nchan.p99Millis());
    boolean met =
        cpu <= CPU_GOAL
            && p99 <= 1
            && millrace.rssBytesPerIdleConnection() <= BYTES_PER_CONNECTION_GOAL
            && millrace.lost() == 0
            && millrace.duplicated() == 0;
    return new Ratios(
        millrace.scenario(),
        cpu,
        ratio(millrace.p50Millis(), nchan.p50Millis()),
        p99,
        ratio(millrace.rssBytesPerIdleConnection(), nchan.rssBytesPerIdleConnection()),
        met);
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }
}
