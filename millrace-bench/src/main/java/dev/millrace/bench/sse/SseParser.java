package dev.millrace.bench.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An {@code text/event-stream} parser per the WHATWG HTML standard, section "Server-sent events",
 * "Interpreting an event stream": lines end with CRLF, LF or CR (a CRLF split across two reads is
 * one line end), a leading BOM is skipped, {@code data} lines join with LF, {@code id} persists
 * across events and is ignored when it contains NUL, {@code retry} accepts ASCII digits only, and
 * an event without data is not dispatched. It does no I/O: it is fed bytes. Not thread-safe: one
 * parser per stream, fed by one thread at a time.
 */
public final class SseParser {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final SseListener listener;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean afterCr;
  private int bomBytesChecked;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventType = "";
  private String lastEventId = "";

  public SseParser(SseListener listener) {
    this.listener = listener;
  }

  /** The last event id seen so far, to send back as {@code Last-Event-ID} on reconnect. */
  public String lastEventId() {
    return lastEventId;
  }

  /** Feeds the next bytes of the stream. */
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      feed(bytes[i]);
    }
  }

  /** Feeds the next byte of the stream. */
  public void feed(byte b) {
    if (bomBytesChecked < BOM.length) {
      if (b == BOM[bomBytesChecked] && lineLength == bomBytesChecked) {
        bomBytesChecked++;
        if (bomBytesChecked == BOM.length) {
          lineLength = 0;
          return;
        }
        append(b);
        return;
      }
      bomBytesChecked = BOM.length;
    }
    if (b == LF) {
      if (afterCr) {
        afterCr = false;
        return;
      }
      endLine();
    } else if (b == CR) {
      afterCr = true;
      endLine();
    } else {
      afterCr = false;
      append(b);
    }
  }

  private void append(byte b) {
    if (lineLength == line.length) {
      line = Arrays.copyOf(line, line.length * 2);
    }
    line[lineLength++] = b;
  }

  private void endLine() {
    bomBytesChecked = BOM.length;
    int length = lineLength;
    lineLength = 0;
    if (length == 0) {
      dispatch();
      return;
    }
    int colon = indexOf(line, length, (byte) ':');
    if (colon == 0) {
      listener.onComment(text(1, length));
      return;
    }
    int nameEnd = colon < 0 ? length : colon;
    int valueStart = colon < 0 ? length : colon + 1;
    if (valueStart < length && line[valueStart] == ' ') {
      valueStart++;
    }
    field(text(0, nameEnd), text(valueStart, length));
  }

  private void field(String name, String value) {
    switch (name) {
      case "data" -> {
        data.append(value).append('\n');
        hasData = true;
      }
      case "event" -> eventType = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          listener.onRetry(Long.parseLong(value));
        }
      }
      default -> {}
    }
  }

  private void dispatch() {
    if (!hasData) {
      eventType = "";
      data.setLength(0);
      return;
    }
    data.setLength(data.length() - 1);
    String type = eventType.isEmpty() ? "message" : eventType;
    String payload = data.toString();
    data.setLength(0);
    hasData = false;
    eventType = "";
    listener.onEvent(lastEventId, type, payload);
  }

  private String text(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] bytes, int length, byte wanted) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
