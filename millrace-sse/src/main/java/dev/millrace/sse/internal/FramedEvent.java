package dev.millrace.sse.internal;

import dev.millrace.sse.SseEvent;
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

  /** Encodes and frames an event, straight into its one off-heap copy. */
  public static FramedEvent of(SseEvent event, long publishedAtMicros) {
    byte[] bytes = SseEncoder.bytes(event);
    return frame(bytes, EncodedEvent.sequenceOf(event.id()), event.endsStream(), publishedAtMicros);
  }

  /** Frames an encoded event; its {@code sequence} orders it for the {@link PushStream}s. */
  public static FramedEvent frame(EncodedEvent event) {
    ByteBuf bytes = ((BufferInternal) event.bytes()).getByteBuf();
    byte[] copy = new byte[bytes.readableBytes()];
    bytes.getBytes(bytes.readerIndex(), copy);
    return frame(copy, event.sequence(), event.endsStream(), event.publishedAtMicros());
  }

  private static FramedEvent frame(
      byte[] bytes, long sequence, boolean endsStream, long publishedAtMicros) {
    int length = bytes.length;
    byte[] head = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct =
        ByteBuffer.allocateDirect(head.length + length + CRLF.length)
            .put(head)
            .put(bytes)
            .put(CRLF)
            .flip();
    // Unreleasable: writes take plain duplicates, so no connection touches a shared reference
    // count (an atomic counter written from every event loop would bounce between their cores).
    // The garbage collector frees the memory with the last reference.
    ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    ByteBuf middle = chunk.slice(head.length, length);
    return new FramedEvent(
        new EncodedEvent(BufferInternal.buffer(middle), sequence, endsStream, publishedAtMicros),
        chunk);
  }

  public long sequence() {
    return encoded.sequence();
  }

  /** Whether the key's stream ends with this event. */
  public boolean endsStream() {
    return encoded.endsStream();
  }

  /** Epoch microseconds of the publish that caused the event, or 0 when unknown. */
  public long publishedAtMicros() {
    return encoded.publishedAtMicros();
  }

  /** The event's length without the chunk framing. */
  public int length() {
    return encoded.bytes().length();
  }
}
