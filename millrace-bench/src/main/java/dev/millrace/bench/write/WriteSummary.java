package dev.millrace.bench.write;

import java.util.Locale;

/** Human summary of a write run. */
public final class WriteSummary {

  private WriteSummary() {}

  static String step(WriteStep s) {
    return String.format(
        Locale.ROOT,
        "%s: %d posts, %.0f/s accepted (%d failed); ack p50 %.1f ms, p99 %.1f ms; visible p50"
            + " %.1f ms, p99 %.1f ms, max %.1f ms; %.2f renders/post, %.0f us CPU/post, server"
            + " CPU %.0f%%; lost %d, duplicated %d, drained %s in %.1f s; kept up: %s",
        s.targetRate() > 0
            ? String.format(Locale.ROOT, "%.0f posts/s asked", s.targetRate())
            : "max",
        s.posts(),
        s.acceptedPerSecond(),
        s.failed(),
        s.ackP50Millis(),
        s.ackP99Millis(),
        s.visibleP50Millis(),
        s.visibleP99Millis(),
        s.visibleMaxMillis(),
        s.rendersPerPost(),
        s.cpuMicrosPerPost(),
        s.serverCpuPercent(),
        s.lost(),
        s.duplicated(),
        s.drained(),
        s.drainSeconds(),
        s.keptUp());
  }

  public static String of(WriteResult r) {
    var out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "write %s (%s): %d list + %d feed watchers, %d writers%n",
            r.target(),
            r.settings(),
            r.listClients(),
            r.feedClients(),
            r.writers()));
    r.steps()
        .forEach(
            s -> out.append("write ").append(r.target()).append(": ").append(step(s)).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "write %s: knee %.0f posts/s (highest asked rate with p99 visibility < 1 s, nothing"
                + " lost); most accepted %.0f posts/s; load %.1f%n",
            r.target(),
            r.kneeRate(),
            r.maxAcceptedPerSecond(),
            r.loadAverage()));
    return out.toString();
  }
}
