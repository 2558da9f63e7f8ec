package dev.millrace.sse.internal;

import dev.millrace.sse.SseEvent;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes events as the WHATWG HTML "Server-sent events" section parses them: UTF-8, one {@code
 * field: value} line per field, {@code data} split on every CR, LF and CRLF, a blank line ending
 * the event. Stateless and thread-safe; does no I/O.
 */
public final class SseEncoder {

  /** A comment line that keeps the connection alive; carries no event. */
  public static final Buffer HEARTBEAT = shared(":\n\n".getBytes(StandardCharsets.UTF_8));

  private SseEncoder() {}

  /** The bytes of one event, ready to share between connections. */
  public static Buffer encode(SseEvent event) {
    return shared(bytes(event));
  }

  /** The bytes of one event, on the heap. */
  static byte[] bytes(SseEvent event) {
    var out = new StringBuilder(event.data().length() + 48);
    if (event.id() != null) {
      out.append("id: ").append(event.id()).append('\n');
    }
    if (event.name() != null) {
      out.append("event: ").append(event.name()).append('\n');
    }
    if (event.retry() != null) {
      out.append("retry: ").append(event.retry().toMillis()).append('\n');
    }
    appendLines(out, "data: ", event.data());
    out.append('\n');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Bytes in off-heap memory, written to any number of connections without a copy per connection (a
   * heap buffer would be copied to a direct one on every socket write). Never released by a write;
   * the garbage collector frees it with its last reference.
   */
  static Buffer shared(byte[] bytes) {
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
  }

  /** A comment, one {@code :} line per line of text; clients ignore it. */
  public static Buffer comment(String text) {
    var out = new StringBuilder(text.length() + 8);
    appendLines(out, ":", text);
    out.append('\n');
    return shared(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A frame carrying only a reconnection delay; dispatches no event. */
  public static Buffer retry(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + millis);
    }
    return Buffer.buffer(("retry: " + millis + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void appendLines(StringBuilder out, String prefix, String text) {
    int start = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        out.append(prefix).append(text, start, i).append('\n');
        if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.append(prefix).append(text, start, length).append('\n');
  }
}
