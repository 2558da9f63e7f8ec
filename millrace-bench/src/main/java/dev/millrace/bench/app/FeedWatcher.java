package dev.millrace.bench.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.bench.sse.SseListener;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

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
    List<Integer> seqs;
    try {
      seqs = titles(data);
    } catch (java.io.IOException e) {
      return;
    }
    snapshots++;
    var snapshot = new BitSet();
    int previous = Integer.MAX_VALUE;
    for (int seq : seqs) {
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

  /** The sequence numbers of the posts' titles, in order, read with a streaming parser. */
  private static List<Integer> titles(String data) throws java.io.IOException {
    List<Integer> seqs = new ArrayList<>();
    try (JsonParser parser = JSON.getFactory().createParser(data)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME
            && parser.currentName().equals("title")
            && parser.nextToken() == JsonToken.VALUE_STRING) {
          seqs.add(seqOf(parser.getText()));
        }
      }
    }
    return seqs;
  }

  /** Posts among the newest {@link #PAGE} of {@code created} that the last snapshot lacks. */
  public synchronized int missingFromFinal(int created) {
    return missingFromFinal(created, PAGE);
  }

  /**
   * Posts among the newest {@code newest} of {@code created} that the last snapshot lacks: less
   * than a page when concurrent writers may commit neighbouring numbers out of order.
   */
  public synchronized int missingFromFinal(int created, int newest) {
    int low = Math.max(1, created - newest + 1);
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
