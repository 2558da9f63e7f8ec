package dev.millrace.hub.internal.journal;

import dev.millrace.core.Message;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One published message in a journal segment: {@code length, crc32c, body}, where the body holds
 * the topic, the time it was written (epoch microseconds), and the message's id, metadata and
 * payload. The checksum lets a reader tell a whole record from one cut short by a crash or damaged
 * on disk.
 *
 * @param topic the topic it was published to
 * @param writtenAtMicros when the journal wrote it
 * @param message the message, with {@link Message#PUBLISHED_AT} set
 */
record JournalRecord(String topic, long writtenAtMicros, Message message) {

  /** The largest body a reader accepts: a length beyond it can only be damage. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  static final int HEADER_BYTES = 8;

  /**
   * The framed record: header and body. Throws {@link IllegalArgumentException} for a message no
   * reader would take back: a body over {@link #MAX_BODY_BYTES}, or an id, metadata key or value
   * over 65,535 bytes in modified UTF-8.
   */
  byte[] encode() {
    if (message.payload().length > MAX_BODY_BYTES) {
      throw tooLarge(message.payload().length);
    }
    var body = new ByteArrayOutputStream(128 + message.payload().length);
    try (var out = new DataOutputStream(body)) {
      out.writeUTF(topic);
      out.writeLong(writtenAtMicros);
      out.writeUTF(message.id());
      out.writeInt(message.metadata().size());
      for (Map.Entry<String, String> entry : message.metadata().entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeUTF(entry.getValue());
      }
      out.writeInt(message.payload().length);
      out.write(message.payload());
    } catch (UTFDataFormatException e) {
      throw new IllegalArgumentException(
          "the message's id, or a metadata key or value, is over the 65,535 bytes a record holds",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = body.toByteArray();
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge(bytes.length);
    }
    var framed = new ByteArrayOutputStream(HEADER_BYTES + bytes.length);
    try (var out = new DataOutputStream(framed)) {
      out.writeInt(bytes.length);
      out.writeInt(checksum(bytes));
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return framed.toByteArray();
  }

  private static IllegalArgumentException tooLarge(int bytes) {
    return new IllegalArgumentException(
        "a message of " + bytes + " bytes is over the " + MAX_BODY_BYTES + " bytes a record holds");
  }

  /** A record as read, with the bytes it takes in the file. */
  record Read(JournalRecord record, int bytes) {}

  /**
   * Reads the next record, or returns {@code null} at a clean end of the stream. Throws {@link
   * DamagedRecordException} for a record cut short or whose checksum does not match.
   */
  static Read read(DataInputStream in) throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException end) {
      return null;
    }
    try {
      int crc = in.readInt();
      if (length < 0 || length > MAX_BODY_BYTES) {
        throw new DamagedRecordException("impossible record length " + length);
      }
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        throw new DamagedRecordException("record cut short");
      }
      if (checksum(body) != crc) {
        throw new DamagedRecordException("checksum mismatch");
      }
      return new Read(decode(body), HEADER_BYTES + length);
    } catch (EOFException cut) {
      throw new DamagedRecordException("record cut short");
    }
  }

  private static JournalRecord decode(byte[] body) throws IOException {
    var in = new DataInputStream(new java.io.ByteArrayInputStream(body));
    String topic = in.readUTF();
    long writtenAt = in.readLong();
    String id = in.readUTF();
    int entries = in.readInt();
    var metadata = new LinkedHashMap<String, String>();
    for (int i = 0; i < entries; i++) {
      metadata.put(in.readUTF(), in.readUTF());
    }
    byte[] payload = in.readNBytes(in.readInt());
    return new JournalRecord(topic, writtenAt, new Message(id, metadata, payload));
  }

  private static int checksum(byte[] bytes) {
    var crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** A record that is not whole: the end of what a segment validly holds. */
  static final class DamagedRecordException extends IOException {
    DamagedRecordException(String message) {
      super(message);
    }
  }
}
