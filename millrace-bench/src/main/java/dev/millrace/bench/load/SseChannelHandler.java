package dev.millrace.bench.load;

import dev.millrace.bench.sse.SseParser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.CompletableFuture;

/** Feeds one HTTP response body to an SSE parser; completes {@code ready} on a 200 response. */
final class SseChannelHandler extends SimpleChannelInboundHandler<HttpObject> {

  private final SubscriberStream stream;
  private final SseParser parser;
  private final CompletableFuture<Void> ready;
  private final Runnable onClosed;

  SseChannelHandler(SubscriberStream stream, CompletableFuture<Void> ready, Runnable onClosed) {
    this.stream = stream;
    this.parser = new SseParser(stream);
    this.ready = ready;
    this.onClosed = onClosed;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      if (!response.status().equals(HttpResponseStatus.OK)) {
        ready.completeExceptionally(
            new StreamRejectedException("subscribe answered " + response.status()));
        ctx.close();
        return;
      }
      stream.opened();
      ready.complete(null);
    }
    if (msg instanceof HttpContent content) {
      var bytes = content.content();
      bytes.forEachByte(
          b -> {
            parser.feed(b);
            return true;
          });
      if (msg instanceof LastHttpContent) {
        ctx.close();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ready.completeExceptionally(new StreamRejectedException("closed before the response"));
    stream.closed();
    onClosed.run();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ready.completeExceptionally(cause);
    ctx.close();
  }
}
