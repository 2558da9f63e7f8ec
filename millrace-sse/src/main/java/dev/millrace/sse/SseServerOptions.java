package dev.millrace.sse;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import java.util.Locale;

/**
 * HTTP server settings for a server that holds many long-lived streams. Each open connection then
 * costs about 5 KB less memory:
 *
 * <ul>
 *   <li><b>Strict thread mode.</b> Vert.x otherwise gives every connection a multi-producer write
 *       queue whose first array alone has 1,024 slots (about 4 KB), so that any thread may write.
 *       The SSE engine writes only on the connection's event loop, and so must every other handler
 *       of the server: a write from another thread fails with an {@link IllegalStateException}. Do
 *       blocking work with {@code vertx.executeBlocking(...)} and answer in its callback, which
 *       runs on the request's context.
 *   <li><b>No WebSocket compression.</b> Its negotiation handlers sit in every connection's
 *       pipeline, WebSocket or not (about 1 KB). Leave it on if the same server also serves
 *       WebSockets that need it.
 *   <li><b>TCP_NODELAY</b>, so that a small event leaves at once.
 * </ul>
 *
 * <p>{@link #transport} picks the socket transport for the Vert.x instance.
 */
public final class SseServerOptions {

  /** The names {@link #transport} accepts. */
  public static final String TRANSPORT_NAMES = "auto, epoll, io_uring, nio";

  private SseServerOptions() {}

  /**
   * The socket transport for {@code Vertx.builder().withTransport(...)}: {@code auto} (Linux
   * io_uring when its native library is on the class path and the kernel allows it, else epoll
   * likewise, else Java NIO), {@code epoll}, {@code io_uring} or {@code nio}. Native epoll spends
   * about a fifth less CPU per event written than NIO, and io_uring 7 to 19% less again than epoll
   * per delivery, which makes it the default where it is available.
   *
   * @throws IllegalArgumentException for another name, or a native transport that is unavailable
   */
  public static Transport transport(String name) {
    Transport transport =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "auto" ->
              available(Transport.IO_URING)
                  ? Transport.IO_URING
                  : available(Transport.EPOLL) ? Transport.EPOLL : Transport.NIO;
          case "epoll" -> Transport.EPOLL;
          case "io_uring" -> Transport.IO_URING;
          case "nio" -> Transport.NIO;
          default ->
              throw new IllegalArgumentException(
                  "unknown transport '" + name + "'; use one of " + TRANSPORT_NAMES);
        };
    if (!available(transport)) {
      throw new IllegalArgumentException(
          "the "
              + name
              + " transport is not available here: "
              + (transport == null
                  ? "its classes are not on the class path"
                  : transport.unavailabilityCause()));
    }
    return transport;
  }

  /** Vert.x leaves a native transport null when its classes are missing. */
  private static boolean available(Transport transport) {
    return transport != null && transport.available();
  }

  /** Applies the settings above to {@code options} and returns it. */
  public static HttpServerOptions tune(HttpServerOptions options) {
    // No HTTP/2 over cleartext: browsers speak HTTP/2 only over TLS, and the JDK's HTTP client,
    // which asks for the h2c upgrade by default, now and then got a large upgraded response
    // corrupted. Answering HTTP/1.1 to the upgrade request keeps every client on HTTP/1.1.
    return options
        .setHttp2ClearTextEnabled(false)
        .setStrictThreadMode(true)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setTcpNoDelay(true);
  }
}
