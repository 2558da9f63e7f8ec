package dev.millrace.hub.internal.journal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One file of a journal: the records from ordinal {@link #firstOrdinal} on, in the order they were
 * written; its name is that ordinal. Mutable state is guarded by the journal's lock.
 */
final class Segment {

  private static final Pattern NAME = Pattern.compile("(\\d{20})\\.journal");

  private final Path path;
  private final long firstOrdinal;
  private int records;
  private long validBytes;
  private long newestWrittenAtMicros;

  private Segment(Path path, long firstOrdinal) {
    this.path = path;
    this.firstOrdinal = firstOrdinal;
  }

  static Segment create(Path directory, long firstOrdinal) {
    return new Segment(
        directory.resolve(String.format("%020d.journal", firstOrdinal)), firstOrdinal);
  }

  /** The segment a file name describes, or {@code null} for another file. */
  static Segment of(Path file) {
    var match = NAME.matcher(file.getFileName().toString());
    return match.matches() ? new Segment(file, Long.parseLong(match.group(1))) : null;
  }

  /** What a reader meets while scanning a segment. */
  @FunctionalInterface
  interface RecordVisitor {
    void visit(JournalRecord record) throws IOException;
  }

  /**
   * Reads the whole records of the file, in order, up to the first damaged one, updating what this
   * segment knows of itself; returns whether the file ends with damage (bytes past {@link
   * #validBytes()}).
   */
  boolean scan(RecordVisitor visitor) throws IOException {
    records = 0;
    validBytes = 0;
    long size = Files.size(path);
    try (var in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 64 * 1024))) {
      while (true) {
        JournalRecord.Read read;
        try {
          read = JournalRecord.read(in);
        } catch (JournalRecord.DamagedRecordException damaged) {
          return true;
        }
        if (read == null) {
          return validBytes < size;
        }
        visitor.visit(read.record());
        appended(read.record(), read.bytes());
      }
    }
  }

  /** Reads the records known to be whole, in order. */
  void replay(RecordVisitor visitor) throws IOException {
    try (var in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 64 * 1024))) {
      for (int i = 0; i < records; i++) {
        JournalRecord.Read read = JournalRecord.read(in);
        if (read == null) {
          throw new JournalRecord.DamagedRecordException(
              path + " holds fewer records than were written to it");
        }
        visitor.visit(read.record());
      }
    }
  }

  void appended(JournalRecord record, int bytes) {
    records++;
    validBytes += bytes;
    newestWrittenAtMicros = Math.max(newestWrittenAtMicros, record.writtenAtMicros());
  }

  Path path() {
    return path;
  }

  long firstOrdinal() {
    return firstOrdinal;
  }

  int records() {
    return records;
  }

  long validBytes() {
    return validBytes;
  }

  long newestWrittenAtMicros() {
    return newestWrittenAtMicros;
  }
}
