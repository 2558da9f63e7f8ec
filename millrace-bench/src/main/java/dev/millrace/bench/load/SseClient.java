package dev.millrace.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Opens SSE streams with Netty: non-blocking, one event loop per core, each stream bound to a
 * chosen local address so that many streams pass the ephemeral-port limit of one address pair.
 * Thread-safe.
 */
public final class SseClient implements AutoCloseable {

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;

  public SseClient(int eventLoops) {
    group = new MultiThreadIoEventLoopGroup(eventLoops, NioIoHandler.newFactory());
    bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
  }

  public EventLoopGroup group() {
    return group;
  }

  /**
   * Opens a stream of {@code topic}; the future completes when the 200 response head arrives.
   * {@code onClosed} runs on the event loop once the connection has closed.
   */
  public CompletableFuture<Channel> open(
      Endpoint endpoint,
      int topic,
      SubscriberStream stream,
      InetSocketAddress local,
      String lastEventId,
      Runnable onClosed) {
    var ready = new CompletableFuture<Void>();
    var connect =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new SseChannelHandler(stream, ready, onClosed));
                  }
                })
            .connect(endpoint.address(), local);
    var opened = new CompletableFuture<Channel>();
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            opened.completeExceptionally(f.cause());
            return;
          }
          Channel channel = connect.channel();
          var request =
              new DefaultFullHttpRequest(
                  HttpVersion.HTTP_1_1, HttpMethod.GET, endpoint.subscribePath(topic));
          request.headers().set(HttpHeaderNames.HOST, endpoint.hostHeader());
          request.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
          request.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
          if (!lastEventId.isEmpty()) {
            request.headers().set("Last-Event-ID", lastEventId);
          }
          channel.writeAndFlush(request);
          ready.whenComplete(
              (ok, error) -> {
                if (error == null) {
                  opened.complete(channel);
                } else {
                  opened.completeExceptionally(error);
                }
              });
        });
    return opened;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
