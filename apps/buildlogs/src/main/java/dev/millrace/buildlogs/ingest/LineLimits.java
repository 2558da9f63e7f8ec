package dev.millrace.buildlogs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The line-length cap: a longer line is cut at a UTF-8 boundary and marked. */
public final class LineLimits {

  /** Longest stored line, in UTF-8 bytes. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  static final byte[] CUT_MARK =
      " \u001b[33m[line truncated at 64 KiB]\u001b[0m".getBytes(StandardCharsets.UTF_8);

  private LineLimits() {}

  /** The UTF-8 bytes of {@code text}, cut to {@link #MAX_LINE_BYTES} with a mark when longer. */
  public static byte[] encode(String text) {
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_LINE_BYTES) {
      return bytes;
    }
    int end = MAX_LINE_BYTES - CUT_MARK.length;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // never split a multi-byte character
    }
    var cut = Arrays.copyOf(bytes, end + CUT_MARK.length);
    System.arraycopy(CUT_MARK, 0, cut, end, CUT_MARK.length);
    return cut;
  }
}
