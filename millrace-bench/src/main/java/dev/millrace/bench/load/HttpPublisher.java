package dev.millrace.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.IntFunction;

/**
 * Publishes over one keep-alive HTTP/1.1 connection with pipelining: a request is written as soon
 * as it is due, up to {@link #MAX_IN_FLIGHT} unanswered ones (more wait in a queue), so a slow
 * answer never holds back the publish rate, and the server still sees each connection's requests in
 * order. Each body is built when its request is written, so the timestamp inside is the send time.
 * One publisher per topic group keeps each topic in order. Every method runs on the connection's
 * event loop.
 */
final class HttpPublisher {

  private final Endpoint endpoint;
  private final Channel channel;
  private final Queue<Integer> waiting = new ArrayDeque<>();
  private final PublishCounters counters;
  private final IntFunction<String> bodies;

  /**
   * Unanswered requests per connection; {@code -Dmillrace.bench.publishInFlight=1} disables
   * pipelining.
   */
  static final int MAX_IN_FLIGHT = Integer.getInteger("millrace.bench.publishInFlight", 256);

  private int inFlight;
  private volatile int backlog;

  private HttpPublisher(
      Endpoint endpoint, Channel channel, PublishCounters counters, IntFunction<String> bodies) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.counters = counters;
    this.bodies = bodies;
  }

  /** Connects; {@code bodies} builds the payload of a topic at send time, on the event loop. */
  static HttpPublisher connect(
      EventLoopGroup group, Endpoint endpoint, PublishCounters counters, IntFunction<String> bodies)
      throws InterruptedException {
    var holder = new HttpPublisher[1];
    var channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(
                            new SimpleChannelInboundHandler<FullHttpResponse>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, FullHttpResponse response) {
                                holder[0].answered(response.status().code());
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                holder[0].lost();
                              }
                            });
                  }
                })
            .connect(endpoint.address())
            .sync()
            .channel();
    holder[0] = new HttpPublisher(endpoint, channel, counters, bodies);
    return holder[0];
  }

  /** Queues a publish to {@code topic}. */
  void publish(int topic) {
    channel
        .eventLoop()
        .execute(
            () -> {
              if (!channel.isActive()) {
                counters.connectionLost(1);
                return;
              }
              waiting.add(topic);
              backlog++;
              sendNext();
            });
  }

  private void sendNext() {
    if (inFlight >= MAX_IN_FLIGHT || waiting.isEmpty() || !channel.isActive()) {
      return;
    }
    int topic = waiting.remove();
    byte[] bytes =
        endpoint.publishBody(topic, bodies.apply(topic)).getBytes(StandardCharsets.UTF_8);
    var request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            endpoint.publishPath(topic),
            Unpooled.wrappedBuffer(bytes));
    request.headers().set(HttpHeaderNames.HOST, endpoint.hostHeader());
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, endpoint.publishContentType());
    request.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    endpoint.publishHeaders().forEach(request.headers()::set);
    inFlight++;
    channel.writeAndFlush(request);
  }

  private void answered(int status) {
    inFlight--;
    backlog--;
    counters.answered(status);
    sendNext();
  }

  private void lost() {
    counters.connectionLost(waiting.size() + inFlight);
    waiting.clear();
    inFlight = 0;
    backlog = 0;
  }

  /** Requests queued or in flight. */
  int backlog() {
    return backlog;
  }

  void close() {
    channel.close();
  }
}
