package dev.millrace.sse.testing;

import java.util.function.Consumer;

/**
 * A minimal event-stream parser per the WHATWG HTML spec, for tests: fed text in arbitrary chunks,
 * it emits each dispatched event. Handles LF, CR and CRLF line endings and comments.
 */
public final class SseParser {

  /** One dispatched event, with the last event id seen so far. */
  public record Event(String id, String name, String data) {}

  private final Consumer<Event> sink;
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private boolean sawCr;
  private boolean hasData;
  private String name;
  private String lastId;
  private long retry = -1;
  private int comments;

  public SseParser(Consumer<Event> sink) {
    this.sink = sink;
  }

  public void feed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (sawCr && c == '\n') {
        sawCr = false;
        continue;
      }
      sawCr = c == '\r';
      if (c == '\r' || c == '\n') {
        processLine(line.toString());
        line.setLength(0);
      } else {
        line.append(c);
      }
    }
  }

  public long retry() {
    return retry;
  }

  public int comments() {
    return comments;
  }

  private void processLine(String text) {
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.startsWith(":")) {
      comments++;
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        data.append(value).append('\n');
        hasData = true;
      }
      case "event" -> name = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
          retry = Long.parseLong(value);
        }
      }
      default -> {}
    }
  }

  private void dispatch() {
    if (!hasData) {
      name = null;
      return;
    }
    String value = data.substring(0, data.length() - 1);
    sink.accept(new Event(lastId, name == null ? "message" : name, value));
    data.setLength(0);
    hasData = false;
    name = null;
  }
}
