package dev.millrace.bench.app;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One feeds run. Latency is from the post request being sent to a client's first snapshot that
 * shows the post, over both kinds of clients ({@code list…} and {@code feed…}: by stream). {@code
 * lost}: posts the clients' final snapshots lack (summed over clients); {@code skipped}: posts a
 * feed client never saw because they had left its page before a snapshot reached it (legitimate for
 * a snapshot stream). {@code renders} are the server's render counters' growth while posting,
 * {@code rendersPerPost} that divided by posts.
 */
public record FeedsResult(
    String scenario,
    String target,
    String settings,
    int listClients,
    int feedClients,
    double rate,
    int posts,
    int postsFailed,
    double achievedRate,
    long snapshots,
    long firstAppearances,
    double p50Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis,
    double listP50Millis,
    double listP99Millis,
    double feedP50Millis,
    double feedP99Millis,
    long lost,
    long skipped,
    long duplicated,
    long reordered,
    boolean allFinal,
    double drainSeconds,
    Map<String, Double> renders,
    Map<String, Double> rendersPerPost,
    double serverCpuPercent,
    double serverCpuMicrosPerSnapshot,
    double machineLoadAverage) {

  public FeedsResult {
    renders = Collections.unmodifiableMap(new TreeMap<>(renders));
    rendersPerPost = Collections.unmodifiableMap(new TreeMap<>(rendersPerPost));
  }

  /** Snapshots the app rendered per post, feed and feed list together. */
  public double snapshotRendersPerPost() {
    return rendersPerPost.getOrDefault("feedStreamRenders", 0.0)
        + rendersPerPost.getOrDefault("feedListStreamRenders", 0.0);
  }
}
