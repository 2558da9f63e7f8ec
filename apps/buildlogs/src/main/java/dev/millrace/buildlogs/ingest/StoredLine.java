package dev.millrace.buildlogs.ingest;

import java.nio.charset.StandardCharsets;

/** A line as stored: its absolute number and its UTF-8 bytes (masked, capped, ANSI kept). */
public record StoredLine(int number, byte[] content) {

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}
