package dev.millrace.sse.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.VertxConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records, in order, the writes of bytes and the flushes that reach the sockets of server
 * connections: a handler at the head of each pipeline, which every write and flush passes last,
 * whichever handler made it. Each flush there is one send (a {@code writev}, or an io_uring
 * submission) of what is queued.
 */
public final class OutboundRecorder {

  private final List<String> operations = new CopyOnWriteArrayList<>();

  /** Records the request's connection as {@code name}; call on the request's event loop. */
  public void record(HttpServerRequest request, String name) {
    var connection = (VertxConnection) request.connection();
    connection
        .channel()
        .pipeline()
        .addFirst(
            "outboundRecorder",
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                // Empty buffers carry no bytes: Vert.x writes them to flush or close.
                if (!(msg instanceof ByteBuf bytes) || bytes.isReadable()) {
                  operations.add(name + " write");
                }
                ctx.write(msg, promise);
              }

              @Override
              public void flush(ChannelHandlerContext ctx) {
                operations.add(name + " flush");
                ctx.flush();
              }
            });
  }

  /** How many operations were recorded so far: a mark for {@link #since}. */
  public int mark() {
    return operations.size();
  }

  /** The operations recorded from {@code mark} on, each as {@code "<name> write|flush"}. */
  public List<String> since(int mark) {
    return List.copyOf(operations.subList(mark, operations.size()));
  }

  /** How many times {@code operation} (such as {@code "a flush"}) was recorded from the mark on. */
  public long count(int mark, String operation) {
    return since(mark).stream().filter(operation::equals).count();
  }
}
