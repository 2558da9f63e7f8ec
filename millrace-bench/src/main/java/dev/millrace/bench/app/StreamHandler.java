package dev.millrace.bench.app;

import dev.millrace.bench.sse.SseListener;
import dev.millrace.bench.sse.SseParser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;

/** Feeds one response body to an SSE parser; completes {@code ready} on a 200 response head. */
final class StreamHandler extends SimpleChannelInboundHandler<HttpObject> {

  private final SseParser parser;
  private final CompletableFuture<Void> ready;
  private byte[] chunk = new byte[8192];

  StreamHandler(SseListener listener, CompletableFuture<Void> ready) {
    this.parser = new SseParser(listener);
    this.ready = ready;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      if (!response.status().equals(HttpResponseStatus.OK)) {
        ready.completeExceptionally(
            new ApiCallFailedException("stream answered " + response.status(), null));
        ctx.close();
        return;
      }
      ready.complete(null);
    }
    if (msg instanceof HttpContent content) {
      var bytes = content.content();
      int length = bytes.readableBytes();
      if (chunk.length < length) {
        chunk = new byte[Math.max(length, chunk.length * 2)];
      }
      bytes.getBytes(bytes.readerIndex(), chunk, 0, length);
      parser.feed(chunk, 0, length);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ready.completeExceptionally(new ApiCallFailedException("closed before the response", null));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ready.completeExceptionally(cause);
    ctx.close();
  }
}
