package dev.millrace.bench.report;

import dev.millrace.bench.scenario.FanOutResult;
import java.util.List;
import java.util.Locale;

/** The human summary of fan-out results: one table row per run, then the ratios. */
public final class Summary {

  private Summary() {}

  public static String fanOut(List<FanOutResult> results, List<Ratios> ratios) {
    var text = new StringBuilder();
    text.append(
        line(
            "%-3s %-9s %6s %6s %6s %6s | %8s %6s %6s | %8s %8s %8s %8s | %8s %9s | %5s %5s %5s | %5s",
            "sc",
            "server",
            "subs",
            "topics",
            "msg/s",
            "sent/s",
            "cpu us/d",
            "kern %",
            "cpu %",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "KB/conn",
            "peak MB",
            "lost",
            "dup",
            "reord",
            "load"));
    for (var r : results) {
      text.append(
          line(
              "%-3s %-9s %6d %6d %6.0f %6.1f | %8.2f %6.0f %6.1f | %8.2f %8.2f %8.2f %8.2f | %8.2f %9.1f | %5d"
                  + " %5d %5d | %5.1f",
              r.scenario(),
              r.target(),
              r.subscribers(),
              r.topics(),
              r.rate(),
              r.achievedRate(),
              r.serverCpuMicrosPerDelivery(),
              100 * r.serverKernelShare(),
              r.serverCpuPercent(),
              r.p50Millis(),
              r.p99Millis(),
              r.p999Millis(),
              r.maxMillis(),
              r.rssBytesPerIdleConnection() / 1024,
              r.rssPeakBytes() / 1048576.0,
              r.lost(),
              r.duplicated(),
              r.reordered(),
              r.machineLoadAverage()));
    }
    for (var r : results) {
      if (r.publishFailed() > 0) {
        text.append(
            line(
                "%s %s: %d publishes failed (refused, or their connection closed): the rate and"
                    + " the deliveries above are short by as much",
                r.scenario(), r.target(), r.publishFailed()));
      }
    }
    for (var ratio : ratios) {
      text.append(
          line(
              "scenario %s, millrace/nchan: cpu per delivery %.2fx (goal <= %.1f), p50 %.2fx, p99"
                  + " %.2fx (goal <= 1), memory per idle connection %.2fx; goal %s",
              ratio.scenario(),
              ratio.cpuPerDelivery(),
              Ratios.CPU_GOAL,
              ratio.p50(),
              ratio.p99(),
              ratio.rssPerIdleConnection(),
              ratio.goalMet() ? "MET" : "NOT MET"));
    }
    return text.toString();
  }

  private static String line(String format, Object... args) {
    return String.format(Locale.ROOT, format, args) + System.lineSeparator();
  }
}
