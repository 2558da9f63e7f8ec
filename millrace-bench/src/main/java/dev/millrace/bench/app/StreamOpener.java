package dev.millrace.bench.app;

import dev.millrace.bench.sse.SseListener;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Opens SSE streams of any path with Netty, one event loop per core, and feeds each to its own
 * {@link SseListener} on that stream's event loop. Closing it closes every stream. Thread-safe.
 */
public final class StreamOpener implements AutoCloseable {

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final InetSocketAddress server;
  private final List<Channel> channels = new ArrayList<>();

  public StreamOpener(int eventLoops, InetSocketAddress server) {
    this.server = server;
    group = new MultiThreadIoEventLoopGroup(eventLoops, NioIoHandler.newFactory());
    bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
  }

  /** Opens {@code path}; the future completes when the 200 response head has arrived. */
  public CompletableFuture<Channel> open(String path, SseListener listener) {
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
                        .addLast(new StreamHandler(listener, ready));
                  }
                })
            .connect(server);
    var opened = new CompletableFuture<Channel>();
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            opened.completeExceptionally(f.cause());
            return;
          }
          Channel channel = connect.channel();
          synchronized (channels) {
            channels.add(channel);
          }
          var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
          request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + server.getPort());
          request.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
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

  /** Opens one stream per listener, at most {@code inFlight} at a time; waits for all. */
  public void openAll(String path, List<? extends SseListener> listeners, int inFlight)
      throws InterruptedException {
    var permits = new Semaphore(inFlight);
    List<CompletableFuture<Channel>> all = new ArrayList<>();
    for (var listener : listeners) {
      permits.acquire();
      var future = open(path, listener);
      future.whenComplete((c, e) -> permits.release());
      all.add(future);
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new ApiCallFailedException("cannot open every stream of " + path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    synchronized (channels) {
      channels.forEach(Channel::close);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
