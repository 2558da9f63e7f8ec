package dev.millrace.bench.app;

/**
 * Scenario 4, what rendering once per key saves: the same feeds load against a server rendering per
 * connection and one rendering once, as ratios {@code perConnection / renderOnce} of the server's
 * CPU per snapshot delivered and of the snapshots rendered per post (0 when the render-once value
 * is 0).
 */
public record RenderRatios(
    String scenario,
    String perConnection,
    String renderOnce,
    double perConnectionRendersPerPost,
    double renderOnceRendersPerPost,
    double rendersPerPostRatio,
    double perConnectionCpuMicrosPerSnapshot,
    double renderOnceCpuMicrosPerSnapshot,
    double cpuPerSnapshotRatio) {

  public static RenderRatios of(FeedsResult perConnection, FeedsResult renderOnce) {
    return new RenderRatios(
        "render-per-connection",
        perConnection.target(),
        renderOnce.target(),
        perConnection.snapshotRendersPerPost(),
        renderOnce.snapshotRendersPerPost(),
        ratio(perConnection.snapshotRendersPerPost(), renderOnce.snapshotRendersPerPost()),
        perConnection.serverCpuMicrosPerSnapshot(),
        renderOnce.serverCpuMicrosPerSnapshot(),
        ratio(perConnection.serverCpuMicrosPerSnapshot(), renderOnce.serverCpuMicrosPerSnapshot()));
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? 0 : numerator / denominator;
  }
}
