package dev.millrace.hub;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import dev.millrace.hub.internal.journal.Journal;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's history on a single node without a shared store: an append-only journal in a folder of
 * its own. A publish completes once the update is written to the journal's file, so it survives the
 * process being killed (not a power cut: the file is not forced to disk, as the embedded database
 * does not force its commits); the node's subscribers get it before its publisher hears back. The
 * journal keeps at least the history's count of updates, besides up to {@value #MARKER_ROOM} of the
 * markers the hub publishes on the same topic (as it starts, or catches up for a resume), and none
 * whose whole segment is older than its age; the hub trims its memory to the exact limits.
 *
 * <pre>{@code
 * HubJournal journal = HubJournal.open(dataDir.resolve("hub"), limits, meters);
 * MercureHub hub = MercureHub.create(vertx, meters, journal.bus(), options);
 * }</pre>
 */
public final class HubJournal implements Publisher {

  /** Most markers kept beyond the history's count, as the pub/sub stores of the hub keep. */
  static final int MARKER_ROOM = 1_000;

  private final Journal journal;

  private HubJournal(Journal journal) {
    this.journal = journal;
  }

  /** Opens the journal in {@code directory}, creating it if needed. */
  public static HubJournal open(Path directory, HistoryLimits limits, MeterRegistry meters)
      throws IOException {
    HistoryLimits kept = withMarkerRoom(limits);
    return new HubJournal(new Journal(directory, kept, Journal.segmentRecordsFor(kept), meters));
  }

  private static HistoryLimits withMarkerRoom(HistoryLimits limits) {
    int count = limits.maxCount();
    int room = Math.min(Math.min(count, MARKER_ROOM), Integer.MAX_VALUE - count);
    return new HistoryLimits(count + room, limits.maxAge());
  }

  /** The bus for {@link MercureHub#create}: publishes go to the journal, history comes from it. */
  public HubBus bus() {
    return new HubBus(this, journal::subscribeFromOldest, HubBus.DEFAULT_TOPIC);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, Message message) {
    return journal.publish(topic, message);
  }

  /** Messages the journal's files hold. */
  public int retained() {
    return journal.retained();
  }

  @Override
  public void close() {
    journal.close();
  }
}
