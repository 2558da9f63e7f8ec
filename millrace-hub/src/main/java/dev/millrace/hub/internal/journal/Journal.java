package dev.millrace.hub.internal.journal;

import dev.millrace.core.AckOnceDelivery;
import dev.millrace.core.Message;
import dev.millrace.core.MessageListener;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PubSubException;
import dev.millrace.core.PublishRejectedException;
import dev.millrace.core.Subscription;
import dev.millrace.hub.HistoryLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of published messages in segment files, for one process: a publish completes
 * once its record is written to the file (so it survives the process being killed), and every
 * subscription of the topic then gets it, in write order; a subscription starts with everything the
 * segments still hold. Old segments are deleted once the newer ones hold the history's count, or
 * once all their records are past its age.
 *
 * <p>One thread writes: whatever was published meanwhile goes to the file in one write, then to the
 * subscriptions, then the publishes complete. Listeners run on that thread (or, for the replay, on
 * the subscribing thread), so they must not block; a listener that throws is logged and counted,
 * and the journal goes on (it has no consumer groups to redeliver to). At open, a segment's bytes
 * after its last whole record (a write cut short) are cut off.
 */
public final class Journal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  private static final int MAX_BATCH = 1024;
  private static final long TRIM_INTERVAL_MILLIS = 1_000;
  private static final Pending WAKE = new Pending(null, null, null);

  private final Path directory;
  private final HistoryLimits limits;
  private final int segmentRecords;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Segment> segments = new ArrayList<>();
  private final List<Listening> listeners = new CopyOnWriteArrayList<>();
  private final Counter appended;
  private final Counter failed;
  private final Counter listenerErrors;
  private final Thread writer;
  private FileChannel active;
  private long nextOrdinal;
  private volatile boolean closed;

  private record Pending(String topic, Message message, CompletableFuture<Void> done) {}

  private record Listening(String topic, MessageListener listener) {}

  /**
   * Opens (or creates) the journal in {@code directory}, a folder of its own.
   *
   * @param segmentRecords records per segment file before a new one starts
   */
  public Journal(Path directory, HistoryLimits limits, int segmentRecords, MeterRegistry meters)
      throws IOException {
    if (segmentRecords < 1) {
      throw new IllegalArgumentException("segments need room for a record: " + segmentRecords);
    }
    this.directory = directory;
    this.limits = limits;
    this.segmentRecords = segmentRecords;
    this.appended =
        Counter.builder("millrace.hub.journal.appended")
            .description("Messages written to the hub's journal")
            .register(meters);
    this.failed =
        Counter.builder("millrace.hub.journal.failures")
            .description("Messages the hub's journal could not write (their publish failed)")
            .register(meters);
    this.listenerErrors =
        Counter.builder("millrace.hub.journal.listener.errors")
            .description("Messages a journal subscription's listener failed on")
            .register(meters);
    Files.createDirectories(directory);
    recover();
    this.writer = Thread.ofPlatform().name("millrace-hub-journal").daemon().start(this::run);
  }

  /** The segment size for the history's limits: about an eighth of its count, within bounds. */
  public static int segmentRecordsFor(HistoryLimits limits) {
    return Math.clamp(limits.maxCount() / 8, 1_024, 65_536);
  }

  public CompletableFuture<Void> publish(String topic, Message message) {
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    var pending = new Pending(topic, message, new CompletableFuture<>());
    queue.add(pending);
    if (closed && !writer.isAlive()) {
      failLeftovers();
    }
    return pending.done();
  }

  /**
   * Hands {@code listener} every retained message of {@code topic}, oldest first, before this
   * returns, then every later one as it is written.
   */
  public Subscription subscribeFromOldest(String topic, MessageListener listener) {
    var listening = new Listening(topic, listener);
    lock.lock();
    try {
      for (Segment segment : segments) {
        segment.replay(
            record -> {
              if (record.topic().equals(topic)) {
                deliver(listening, record.message());
              }
            });
      }
      listeners.add(listening);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the hub's journal in " + directory, e);
    } finally {
      lock.unlock();
    }
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void close() {
        listeners.remove(listening);
      }
    };
  }

  /** Messages the segments hold (a little more than the history's count at most). */
  public int retained() {
    lock.lock();
    try {
      return segments.stream().mapToInt(Segment::records).sum();
    } finally {
      lock.unlock();
    }
  }

  /** Segment files on disk. */
  public int segmentCount() {
    lock.lock();
    try {
      return segments.size();
    } finally {
      lock.unlock();
    }
  }

  private void recover() throws IOException {
    List<Segment> found;
    try (Stream<Path> files = Files.list(directory)) {
      found =
          files
              .map(Segment::of)
              .filter(java.util.Objects::nonNull)
              .sorted(java.util.Comparator.comparingLong(Segment::firstOrdinal))
              .toList();
    }
    for (int i = 0; i < found.size(); i++) {
      Segment segment = found.get(i);
      boolean damaged = segment.scan(record -> {});
      if (damaged) {
        long size = Files.size(segment.path());
        log.warn(
            "hub journal segment ends with {} bytes that are not a whole record, cut off: file={}",
            size - segment.validBytes(),
            segment.path());
        try (var channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
          channel.truncate(segment.validBytes());
        }
      }
      segments.add(segment);
    }
    if (segments.isEmpty()) {
      startSegment(0);
    } else {
      Segment last = segments.getLast();
      nextOrdinal = last.firstOrdinal() + last.records();
      active = FileChannel.open(last.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  private void startSegment(long firstOrdinal) throws IOException {
    Segment segment = Segment.create(directory, firstOrdinal);
    FileChannel channel =
        FileChannel.open(
            segment.path(),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    FileChannel previous = active;
    active = channel;
    if (previous != null) {
      try {
        previous.close();
      } catch (IOException e) {
        log.warn("closing a full hub journal segment failed", e);
      }
    }
    segments.add(segment);
    nextOrdinal = firstOrdinal;
  }

  private void run() {
    long lastTrim = System.currentTimeMillis();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(TRIM_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        List<Pending> batch = new ArrayList<>();
        if (first != null && first != WAKE) {
          batch.add(first);
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
        batch.removeIf(pending -> pending == WAKE);
        if (!batch.isEmpty()) {
          writeOrFail(batch);
        }
        if (System.currentTimeMillis() - lastTrim >= TRIM_INTERVAL_MILLIS) {
          lastTrim = System.currentTimeMillis();
          lock.lock();
          try {
            trim(nowMicros());
          } finally {
            lock.unlock();
          }
        }
      } catch (InterruptedException e) {
        Thread.interrupted(); // only close stops the writer
      } catch (RuntimeException e) {
        log.error("hub journal writer failed, going on", e);
      }
    }
  }

  /**
   * Writes the batch; whatever goes wrong (an {@link Error} included), its publishes complete, so
   * no publisher waits forever and the writer goes on with the next batch.
   */
  private void writeOrFail(List<Pending> batch) {
    try {
      write(batch);
    } catch (Throwable e) {
      log.error(
          "hub journal writer failed on a batch of {}, failing what it had not written",
          batch.size(),
          e);
      var error = new PubSubException("the hub's journal failed: " + e, e);
      int unfinished = 0;
      for (Pending pending : batch) {
        if (pending.done().completeExceptionally(error)) {
          unfinished++;
        }
      }
      failed.increment(unfinished);
    }
  }

  private void write(List<Pending> published) {
    long now = nowMicros();
    var batch = new ArrayList<Pending>(published.size());
    var records = new ArrayList<JournalRecord>(published.size());
    var frames = new ArrayList<byte[]>(published.size());
    for (Pending pending : published) {
      Message message = pending.message();
      if (message.metadata(Message.PUBLISHED_AT) == null) {
        message = message.withMetadata(Message.PUBLISHED_AT, Long.toString(now));
      }
      var record = new JournalRecord(pending.topic(), now, message);
      byte[] frame;
      try {
        frame = record.encode();
      } catch (IllegalArgumentException e) {
        failed.increment();
        pending.done().completeExceptionally(new PublishRejectedException(e.getMessage(), e));
        continue;
      }
      batch.add(pending);
      records.add(record);
      frames.add(frame);
    }
    Throwable failure;
    int written;
    lock.lock();
    try {
      var outcome = append(records, frames);
      written = outcome.written();
      failure = outcome.failure();
      for (JournalRecord record : records.subList(0, written)) {
        for (Listening listening : listeners) {
          if (listening.topic().equals(record.topic())) {
            deliver(listening, record.message());
          }
        }
      }
      trim(now);
    } finally {
      lock.unlock();
    }
    appended.increment(written);
    batch.subList(0, written).forEach(pending -> pending.done().complete(null));
    if (failure != null) {
      failed.increment(batch.size() - written);
      var error = new PubSubException("cannot write to the hub's journal: " + failure, failure);
      batch.subList(written, batch.size()).forEach(p -> p.done().completeExceptionally(error));
    }
  }

  /** How much of a batch is in the files: a prefix, and why the rest is not. */
  private record Appended(int written, Throwable failure) {}

  /**
   * Writes the records in order, each segment's share in one write, starting a new segment when the
   * active one is full. A failed write leaves nothing of its share behind.
   */
  private Appended append(List<JournalRecord> records, List<byte[]> frames) {
    int written = 0;
    while (written < records.size()) {
      if (active == null) { // a failed write left no segment to write to: try a new one
        try {
          startSegment(nextOrdinal);
        } catch (IOException | RuntimeException e) {
          log.warn("hub journal cannot start a segment in {}", directory, e);
          return new Appended(written, e);
        }
      }
      Segment segment = segments.getLast();
      try {
        if (segment.records() >= segmentRecords) {
          startSegment(nextOrdinal);
          segment = segments.getLast();
        }
        int share = Math.min(records.size() - written, segmentRecords - segment.records());
        int bytes = 0;
        for (int i = written; i < written + share; i++) {
          bytes += frames.get(i).length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        frames.subList(written, written + share).forEach(buffer::put);
        buffer.flip();
        while (buffer.hasRemaining()) {
          active.write(buffer);
        }
        for (int i = written; i < written + share; i++) {
          segment.appended(records.get(i), frames.get(i).length);
        }
        written += share;
        nextOrdinal += share;
      } catch (IOException | RuntimeException e) {
        log.warn("hub journal write failed: segment={}", segment.path(), e);
        try {
          active.truncate(segment.validBytes());
        } catch (IOException | RuntimeException cut) {
          e.addSuppressed(cut);
          startSegmentAfterFailedCut(segment, e);
        }
        return new Appended(written, e);
      }
    }
    return new Appended(written, null);
  }

  /**
   * Leaves a segment whose failed write could not be cut off, so that nothing is appended after
   * those bytes; the segment's whole records are still replayed, and its tail is cut at the next
   * open.
   */
  private void startSegmentAfterFailedCut(Segment segment, Exception failure) {
    try {
      if (segment.records() == 0) { // the new segment would take its name: drop it instead
        active.close();
        active = null;
        Files.deleteIfExists(segment.path());
        segments.removeLast();
      }
      startSegment(nextOrdinal);
    } catch (IOException | RuntimeException next) {
      failure.addSuppressed(next);
      log.warn("hub journal cannot start a new segment after {}", segment.path(), next);
    }
  }

  /** Deletes the oldest segments the history no longer needs; the active one stays. */
  private void trim(long nowMicros) {
    long oldestKept = nowMicros - TimeUnit.MICROSECONDS.convert(limits.maxAge()); // saturates
    int total = segments.stream().mapToInt(Segment::records).sum();
    while (segments.size() > 1) {
      Segment oldest = segments.getFirst();
      boolean countCovered = total - oldest.records() >= limits.maxCount();
      boolean allTooOld = oldest.newestWrittenAtMicros() < oldestKept;
      if (!countCovered && !allTooOld) {
        return;
      }
      try {
        Files.deleteIfExists(oldest.path());
      } catch (IOException e) {
        log.warn("cannot delete an old hub journal segment: file={}", oldest.path(), e);
        return;
      }
      segments.removeFirst();
      total -= oldest.records();
    }
  }

  private void deliver(Listening listening, Message message) {
    var delivery = new AckOnceDelivery(listening.topic(), message, 1);
    try {
      listening.listener().onMessage(delivery);
    } catch (Exception | LinkageError e) {
      listenerErrors.increment();
      log.warn(
          "a hub journal listener failed on a message, which it will not get again: id={}",
          message.id(),
          e);
    }
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** Writes what was published before, then stops; later publishes fail. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(WAKE);
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    failLeftovers();
    lock.lock();
    try {
      if (active != null) {
        active.close();
      }
    } catch (IOException e) {
      log.warn("closing the hub journal failed: directory={}", directory, e);
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void failLeftovers() {
    Pending pending;
    while ((pending = queue.poll()) != null) {
      if (pending != WAKE) {
        pending.done().completeExceptionally(closedException());
      }
    }
  }

  private static PubSubClosedException closedException() {
    return new PubSubClosedException("the hub's journal is closed");
  }
}
