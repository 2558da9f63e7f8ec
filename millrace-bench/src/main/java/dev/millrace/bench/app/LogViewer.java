package dev.millrace.bench.app;

import dev.millrace.bench.sse.SseListener;
import java.util.BitSet;

/**
 * One viewer of a build step's log stream: each event's id is its line number, which must run 1, 2,
 * 3… with no gap and no repeat; {@code event: end} closes the step. Each line's text carries its
 * send time ({@code p:<micros>}) for latency. Called on one event loop; read through synchronized
 * accessors.
 */
public final class LogViewer implements SseListener {

  private final Latencies latencies;
  private final BitSet seen = new BitSet();
  private long highest;
  private long deliveries;
  private long duplicated;
  private long reordered;
  private boolean ended;

  public LogViewer(Latencies latencies) {
    this.latencies = latencies;
  }

  /** The text of line {@code number}, sent now, padded to about 80 bytes. */
  public static String lineText(long number) {
    return "line "
        + number
        + " p:"
        + Latencies.nowMicros()
        + " ...................................";
  }

  @Override
  public synchronized void onEvent(String id, String type, String data) {
    if (type.equals("end")) {
      ended = true;
      return;
    }
    int number;
    try {
      number = Integer.parseInt(id);
    } catch (NumberFormatException e) {
      return;
    }
    deliveries++;
    if (seen.get(number)) {
      duplicated++;
      return;
    }
    if (number != highest + 1) {
      reordered++;
    }
    seen.set(number);
    highest = Math.max(highest, number);
    int at = data.indexOf("p:");
    if (at >= 0) {
      int end = at + 2;
      while (end < data.length() && Character.isDigit(data.charAt(end))) {
        end++;
      }
      latencies.record(Latencies.nowMicros() - Long.parseLong(data.substring(at + 2, end)));
    }
  }

  /** Lines of 1..{@code total} never received. */
  public synchronized long lost(long total) {
    return total - seen.get(1, (int) total + 1).cardinality();
  }

  public synchronized boolean ended() {
    return ended;
  }

  public synchronized long deliveries() {
    return deliveries;
  }

  public synchronized long duplicated() {
    return duplicated;
  }

  public synchronized long reordered() {
    return reordered;
  }
}
