package dev.millrace.bench.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.bench.sse.SseListener;
import java.util.BitSet;

/**
 * One client of {@code GET /api/feeds/{tag}}: each {@code data} event is a snapshot of the feed,
 * newest post first. It times each bench post's first appearance, and keeps the last snapshot to
 * check the final state. A snapshot stream may skip intermediate states, so a post that has fallen
 * off the page before any snapshot showed it is skipped, not lost. Called on one event loop; read
 * through synchronized accessors.
 */
public final class FeedWatcher implements SseListener {

  /** Posts in a feed snapshot: the server's default page. */
  public static final int PAGE = 50;

  static final ObjectMapper JSON = new ObjectMapper();

  private final PostClock clock;
  private final Latencies latencies;
  private final BitSet seen = new BitSet();
  private BitSet last = new BitSet();
  private long snapshots;
  private long duplicated;
  private long reordered;

  public FeedWatcher(PostClock clock, Latencies latencies) {
    this.clock = clock;
    this.latencies = latencies;
  }

  /** The sequence number in a bench post's title {@code bench-<seq>}, or -1. */
  static int seqOf(String title) {
    if (title == null || !title.startsWith("bench-")) {
      return -1;
    }
    try {
      return Integer.parseInt(title.substring(6));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public synchronized void onEvent(String id, String type, String data) {
    if (!type.equals("data")) {
      return;
    }
    JsonNode posts;
    try {
      posts = JSON.readTree(data).path("posts");
    } catch (java.io.IOException e) {
      return;
    }
    snapshots++;
    var snapshot = new BitSet();
    int previous = Integer.MAX_VALUE;
    for (JsonNode post : posts) {
      int seq = seqOf(post.path("title").asText(null));
      if (seq < 1) {
        continue;
      }
      if (snapshot.get(seq)) {
        duplicated++;
      }
      if (seq >= previous) {
        reordered++;
      }
      previous = seq;
      snapshot.set(seq);
      if (!seen.get(seq)) {
        seen.set(seq);
        long latency = clock.since(seq);
        if (latency >= 0) {
          latencies.record(latency);
        }
      }
    }
    last = snapshot;
  }

  /** Posts among the newest {@link #PAGE} of {@code created} that the last snapshot lacks. */
  public synchronized int missingFromFinal(int created) {
    int low = Math.max(1, created - PAGE + 1);
    int missing = 0;
    for (int seq = low; seq <= created; seq++) {
      if (!last.get(seq)) {
        missing++;
      }
    }
    return missing;
  }

  /** Posts never shown by any snapshot. */
  public synchronized int neverSeen(int created) {
    return created - seen.get(1, created + 1).cardinality();
  }

  public synchronized long snapshots() {
    return snapshots;
  }

  public synchronized long duplicated() {
    return duplicated;
  }

  public synchronized long reordered() {
    return reordered;
  }
}
