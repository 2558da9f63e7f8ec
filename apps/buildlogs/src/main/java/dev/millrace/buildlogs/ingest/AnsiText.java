package dev.millrace.buildlogs.ingest;

import java.util.regex.Pattern;

/**
 * A log line as a terminal would show it, without colours: what follows the last carriage return (a
 * progress bar redrawn in place shows its final state), with every escape sequence removed — CSI
 * (colours, cursor moves, erasing), OSC (window titles, hyperlinks, ended by BEL or ST), DCS, SOS,
 * PM and APC strings, charset selections — and the control characters other than tab. The browser
 * renders the same way ({@code assets/ansi.js}), keeping the colours.
 */
public final class AnsiText {

  private static final Pattern ESCAPES =
      Pattern.compile(
          "\u001b\\[[0-?]*[ -/]*[@-~]" // CSI
              + "|\u001b[\\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\\\)?" // OSC, DCS, SOS, PM, APC
              + "|\u001b[ -/]*[0-~]" // two-character sequences, charset selections
              + "|\u001b" // a lone escape
              + "|\u009b[0-?]*[ -/]*[@-~]"); // 8-bit CSI
  private static final Pattern CONTROLS =
      Pattern.compile("[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]");

  private AnsiText() {}

  /** The visible text of one line (no line break inside). */
  public static String strip(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    int start = line.lastIndexOf('\r', end - 1) + 1;
    var text = line.substring(start, end);
    if (text.indexOf('\u001b') < 0 && text.indexOf('\u009b') < 0) {
      return CONTROLS.matcher(text).replaceAll("");
    }
    return CONTROLS.matcher(ESCAPES.matcher(text).replaceAll("")).replaceAll("");
  }
}
