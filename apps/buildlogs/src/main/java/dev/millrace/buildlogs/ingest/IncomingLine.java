package dev.millrace.buildlogs.ingest;

/**
 * A line sent by a runner.
 *
 * @param number absolute line number in the step, from 1
 * @param text the line, without its line break, ANSI escape codes included
 */
public record IncomingLine(int number, String text) {

  public IncomingLine {
    if (number < 1) {
      throw new IllegalArgumentException("line numbers start at 1, was " + number);
    }
    if (text == null) {
      throw new IllegalArgumentException("line " + number + " has no text");
    }
  }
}
