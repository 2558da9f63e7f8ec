package dev.millrace.sse.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.VertxConnection;

/**
 * Writes pre-framed HTTP/1.1 chunks straight into a connection's pipeline, below Vert.x's HTTP
 * response and Netty's HTTP encoder, so a shared event costs one buffer duplicate per connection.
 * Only for plain-text HTTP/1.1 chunked responses on an event-loop connection, with no TLS or
 * compression handler; anything else keeps the normal response path. The encoder's state is left as
 * it is (inside a chunked body), so later writes and the last chunk through the response stay
 * correct. Every method runs on the connection's event loop.
 */
final class RawChunks {

  private static final String WATCH = "millraceWritability";

  private final ChannelHandlerContext encoder;
  private boolean unflushed;

  private RawChunks(ChannelHandlerContext encoder) {
    this.encoder = encoder;
  }

  /** The raw writer for this request's response, or null when it must use the normal path. */
  static RawChunks of(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_1_1
        || request.isSSL()
        || !request.response().isChunked()
        || !(request.connection() instanceof VertxConnection connection)
        || connection.context().threadingModel() != ThreadingModel.EVENT_LOOP
        || connection.isSsl()) {
      return null;
    }
    ChannelPipeline pipeline = connection.channel().pipeline();
    if (pipeline.get(SslHandler.class) != null
        || pipeline.get(HttpContentCompressor.class) != null
        || pipeline.get("deflater") != null) {
      return null;
    }
    ChannelHandlerContext encoder = pipeline.context(HttpResponseEncoder.class);
    return encoder == null ? null : new RawChunks(encoder);
  }

  /**
   * Queues one framed chunk, without flushing. The chunk must be unreleasable (see {@link
   * FramedEvent}): each connection gets its own indexes over the shared bytes, and no reference
   * count changes.
   */
  void write(ByteBuf chunk) {
    encoder.write(chunk.duplicate(), encoder.voidPromise());
    unflushed = true;
  }

  /** Whether chunks were queued since the last {@link #flush()}. */
  boolean unflushed() {
    return unflushed;
  }

  /** Flushes the chunks queued since the last flush, if any; true if it did. */
  boolean flush() {
    if (!unflushed) {
      return false;
    }
    unflushed = false;
    encoder.flush();
    return true;
  }

  /**
   * Whether the channel takes more bytes without passing its high water mark. Vert.x's own
   * write-queue state does not see raw writes, so this is the one to check.
   */
  boolean writable() {
    return encoder.channel().isWritable();
  }

  /**
   * Runs {@code onWritable} each time the channel becomes writable again, until {@link #unwatch}.
   */
  void watch(Runnable onWritable) {
    encoder
        .pipeline()
        .addAfter(
            encoder.name(),
            WATCH,
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                ctx.fireChannelWritabilityChanged();
                if (ctx.channel().isWritable()) {
                  onWritable.run();
                }
              }
            });
  }

  void unwatch() {
    if (encoder.pipeline().get(WATCH) != null) {
      encoder.pipeline().remove(WATCH);
    }
  }
}
