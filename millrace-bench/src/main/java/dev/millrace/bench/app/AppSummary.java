package dev.millrace.bench.app;

import java.util.Locale;

/** Human summaries of the feeds and build-log runs. */
public final class AppSummary {

  private AppSummary() {}

  public static String feeds(FeedsResult r) {
    return String.format(
            Locale.ROOT,
            "feeds %s: %d list + %d feed clients, %d posts (%.1f/s asked, %.2f/s made, %d failed);"
                + " %d snapshots, %d first appearances; publish-to-client p50 %.1f ms, p99 %.1f"
                + " ms, p99.9 %.1f ms, max %.1f ms; lost %d, skipped %d, duplicated %d,"
                + " reordered %d; all final snapshots complete: %s (drain %.1f s)%n",
            r.target(),
            r.listClients(),
            r.feedClients(),
            r.posts(),
            r.rate(),
            r.achievedRate(),
            r.postsFailed(),
            r.snapshots(),
            r.firstAppearances(),
            r.p50Millis(),
            r.p99Millis(),
            r.p999Millis(),
            r.maxMillis(),
            r.lost(),
            r.skipped(),
            r.duplicated(),
            r.reordered(),
            r.allFinal(),
            r.drainSeconds())
        + String.format(
            Locale.ROOT,
            "feeds %s: feed list p50 %.1f ms, p99 %.1f ms; feed p50 %.1f ms, p99 %.1f ms;"
                + " renders per post %s; server CPU %.1f%%, %.1f us per snapshot delivered;"
                + " load %.1f%n",
            r.target(),
            r.listP50Millis(),
            r.listP99Millis(),
            r.feedP50Millis(),
            r.feedP99Millis(),
            r.rendersPerPost(),
            r.serverCpuPercent(),
            r.serverCpuMicrosPerSnapshot(),
            r.machineLoadAverage());
  }

  public static String renderRatios(RenderRatios r) {
    return String.format(
        Locale.ROOT,
        "feeds %s / %s: %.1fx the snapshots rendered per post (%.1f against %.2f), %.2fx the"
            + " server CPU per snapshot delivered (%.1f us against %.1f us)%n",
        r.perConnection(),
        r.renderOnce(),
        r.rendersPerPostRatio(),
        r.perConnectionRendersPerPost(),
        r.renderOnceRendersPerPost(),
        r.cpuPerSnapshotRatio(),
        r.perConnectionCpuMicrosPerSnapshot(),
        r.renderOnceCpuMicrosPerSnapshot());
  }

  public static String logs(LogsResult r) {
    return String.format(
        Locale.ROOT,
        "logs %s: %d steps x %d viewers, %d lines appended (%.0f/s asked, %.0f/s made, %d appends"
            + " failed); %d lines delivered, %.0f lines/s; p50 %.1f ms, p99 %.1f ms, p99.9 %.1f"
            + " ms, max %.1f ms; lost %d, duplicated %d, reordered %d; %d viewers got the end"
            + " (drain %.1f s); server CPU %.1f%%, %.1f us per delivery; load %.1f%n",
        r.target(),
        r.steps(),
        r.viewersPerStep(),
        r.linesAppended(),
        r.linesPerSecondAsked(),
        r.linesAppendedPerSecond(),
        r.appendsFailed(),
        r.deliveries(),
        r.linesDeliveredPerSecond(),
        r.p50Millis(),
        r.p99Millis(),
        r.p999Millis(),
        r.maxMillis(),
        r.lost(),
        r.duplicated(),
        r.reordered(),
        r.viewersEnded(),
        r.drainSeconds(),
        r.serverCpuPercent(),
        r.serverCpuMicrosPerDelivery(),
        r.machineLoadAverage());
  }
}
