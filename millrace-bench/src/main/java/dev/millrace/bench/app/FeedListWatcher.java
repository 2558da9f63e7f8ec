package dev.millrace.bench.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.bench.sse.SseListener;

/**
 * One client of {@code GET /api/feeds}: each {@code data} event lists every feed with its post
 * count. The count of the bench's feed, less the posts it had before, tells how many bench posts
 * this client has seen: the first snapshot whose count reaches {@code k} times post {@code k}. A
 * count that goes down is counted as a reordering. Called on one event loop; read through
 * synchronized accessors.
 */
public final class FeedListWatcher implements SseListener {

  private final String feed;
  private final int baseline;
  private final PostClock clock;
  private final Latencies latencies;
  private int highest;
  private int last;
  private long snapshots;
  private long duplicated;
  private long reordered;

  /** {@code baseline}: posts in {@code feed} before the bench's. */
  public FeedListWatcher(String feed, int baseline, PostClock clock, Latencies latencies) {
    this.feed = feed;
    this.baseline = baseline;
    this.clock = clock;
    this.latencies = latencies;
  }

  @Override
  public synchronized void onEvent(String id, String type, String data) {
    if (!type.equals("data")) {
      return;
    }
    JsonNode feeds;
    try {
      feeds = FeedWatcher.JSON.readTree(data).path("feeds");
    } catch (java.io.IOException e) {
      return;
    }
    snapshots++;
    int matches = 0;
    for (JsonNode entry : feeds) {
      if (!feed.equals(entry.path("name").asText())) {
        continue;
      }
      matches++;
      int count = entry.path("posts").asInt() - baseline;
      if (count < last) {
        reordered++;
      }
      last = count;
      for (int seq = highest + 1; seq <= count; seq++) {
        long latency = clock.since(seq);
        if (latency >= 0) {
          latencies.record(latency);
        }
      }
      highest = Math.max(highest, count);
    }
    if (matches > 1) {
      duplicated++;
    }
  }

  /** Posts of {@code created} that the last snapshot does not count. */
  public synchronized int missingFromFinal(int created) {
    return Math.max(0, created - last);
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
