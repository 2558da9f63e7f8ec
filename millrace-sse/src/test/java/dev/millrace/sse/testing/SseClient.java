package dev.millrace.sse.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A non-blocking SSE test client over the Vert.x HttpClient: many streams, few threads. */
public final class SseClient implements AutoCloseable {

  private final HttpClient http;
  private final int port;

  public SseClient(Vertx vertx, int port) {
    this(vertx, port, 1);
  }

  public SseClient(Vertx vertx, int port, int maxConnections) {
    this(vertx, port, maxConnections, new HttpClientOptions());
  }

  /** A client with these options (for example a small receive buffer, to play a slow reader). */
  public SseClient(Vertx vertx, int port, int maxConnections, HttpClientOptions options) {
    this.http =
        vertx.createHttpClient(
            options.setKeepAlive(false),
            new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    this.port = port;
  }

  /** Opens a stream; the returned recording fills as events arrive. */
  public Stream open(String path, String... headers) {
    var stream = new Stream();
    var options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .putHeader("Accept", "text/event-stream");
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    // The handlers go on the request's own response future, which completes while the response
    // head is handled: the body chunks that arrived with the head come after. A listener on a
    // future composed from the request() future runs later, as a task of that future's context,
    // and Vert.x drops the chunks delivered before a response has a handler.
    http.request(options)
        .onSuccess(
            request -> {
              request.response().onSuccess(stream::attach).onFailure(stream::fail);
              request.end();
            })
        .onFailure(stream::fail);
    return stream;
  }

  @Override
  public void close() {
    try {
      http.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What one stream received. */
  public static final class Stream {
    public final List<SseParser.Event> events = new CopyOnWriteArrayList<>();
    private final SseParser parser = new SseParser(events::add);
    private final StringBuilder raw = new StringBuilder();
    private volatile HttpClientResponse response;
    private volatile int status;
    private volatile MultiMap headers;
    private volatile boolean ended;
    private volatile Throwable failure;

    private void attach(HttpClientResponse response) {
      this.response = response;
      this.headers = response.headers();
      this.status = response.statusCode();
      response.handler(
          chunk -> {
            String text = chunk.toString();
            synchronized (raw) {
              raw.append(text);
            }
            parser.feed(text);
          });
      response.endHandler(v -> ended = true);
      response.exceptionHandler(e -> ended = true);
    }

    private void fail(Throwable e) {
      failure = e;
      ended = true;
    }

    public int status() {
      return status;
    }

    public MultiMap headers() {
      return headers;
    }

    public boolean ended() {
      return ended;
    }

    public Throwable failure() {
      return failure;
    }

    public String raw() {
      synchronized (raw) {
        return raw.toString();
      }
    }

    /** What the stream got so far, for failure messages. */
    @Override
    public String toString() {
      return "Stream[status="
          + status
          + ", ended="
          + ended
          + ", failure="
          + failure
          + ", events="
          + events.size()
          + ", raw="
          + raw().replace("\r", "\\r").replace("\n", "\\n")
          + "]";
    }

    public List<String> data() {
      return events.stream().map(SseParser.Event::data).toList();
    }

    public int comments() {
      return parser.comments();
    }

    public long retry() {
      return parser.retry();
    }

    /** Stops reading from the socket: the server's writes back up. */
    public void pause() {
      response.pause();
    }

    public void resume() {
      response.resume();
    }

    /** Closes the underlying connection. */
    public void close() {
      if (response != null) {
        response.request().connection().close();
      }
    }
  }
}
