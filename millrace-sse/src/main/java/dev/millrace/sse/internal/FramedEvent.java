package dev.millrace.sse.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An event encoded once, with its HTTP/1.1 chunk framed once too: {@code chunk} holds {@code <hex
 * length>\r\n<event bytes>\r\n} and {@code encoded.bytes()} is a view of its middle, so both paths
 * share one off-heap copy.
 *
 * @param encoded the event, for connections written through the HTTP response
 * @param chunk the framed chunk, for connections written below the HTTP encoder; unreleasable
 */
public record FramedEvent(EncodedEvent encoded, ByteBuf chunk) {

  private static final byte[] CRLF = {'\r', '\n'};

  /** Frames an encoded event; its {@code sequence} orders it for the {@link PushStream}s. */
  public static FramedEvent frame(EncodedEvent event) {
    ByteBuf bytes = ((BufferInternal) event.bytes()).getByteBuf();
    int length = bytes.readableBytes();
    byte[] head = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[head.length + length + CRLF.length];
    System.arraycopy(head, 0, framed, 0, head.length);
    bytes.getBytes(bytes.readerIndex(), framed, head.length, length);
    System.arraycopy(CRLF, 0, framed, head.length + length, CRLF.length);
    ByteBuffer direct = ByteBuffer.allocateDirect(framed.length).put(framed).flip();
    // Unreleasable: writes take plain duplicates, so no connection touches a shared reference
    // count (an atomic counter written from every event loop would bounce between their cores).
    // The garbage collector frees the memory with the last reference.
    ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    ByteBuf middle = chunk.slice(head.length, length);
    return new FramedEvent(
        new EncodedEvent(
            BufferInternal.buffer(middle),
            event.sequence(),
            event.endsStream(),
            event.publishedAtMicros()),
        chunk);
  }

  public long sequence() {
    return encoded.sequence();
  }

  /** The event's length without the chunk framing. */
  public int length() {
    return encoded.bytes().length();
  }
}
