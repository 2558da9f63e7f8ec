package dev.millrace.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.SseRouter;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.Watch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through the real SSE engine: every connection renders its own snapshots. */
class PerConnectionStreamTest {

  private static final String TOPIC = "updates";
  private static final int CONNECTIONS = 3;

  private final Vertx vertx = Vertx.vertx();
  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final SseRouter sse = SseRouter.create(vertx, pubSub, new SimpleMeterRegistry());
  private final CountingStream counting = new CountingStream();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    var router = Router.router(vertx);
    router.get("/things/:name").handler(sse.handler(TOPIC, new PerConnectionStream(counting)));
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    http.shutdownNow();
    sse.close();
    pubSub.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everyConnectionRendersItsOwnSnapshotOfEveryUpdate() throws Exception {
    List<BlockingQueue<String>> clients = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      clients.add(open("/things/a"));
    }
    for (var client : clients) {
      assertThat(client.poll(10, TimeUnit.SECONDS)).startsWith("data: {\"key\":\"a\"");
    }
    assertThat(counting.renders("a")).isEqualTo(CONNECTIONS);

    pubSub
        .publish(TOPIC, Message.of("a".getBytes(StandardCharsets.UTF_8)))
        .get(5, TimeUnit.SECONDS);

    for (var client : clients) {
      assertThat(client.poll(10, TimeUnit.SECONDS)).startsWith("data: {\"key\":\"a\"");
    }
    assertThat(counting.renders("a")).isEqualTo(2 * CONNECTIONS);
    assertThat(counting.renders.keySet()).containsExactly("a");
  }

  @Test
  void aJsonReadRendersThePlainKey() throws Exception {
    var answer =
        http.send(
            HttpRequest.newBuilder(uri("/things/b")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"key\":\"b\",\"render\":1}");
  }

  /** Opens a stream; its {@code data:} lines arrive on the returned queue. */
  private BlockingQueue<String> open(String path) throws Exception {
    BlockingQueue<String> data = new LinkedBlockingQueue<>();
    var response =
        http.send(
            HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofLines());
    Thread.ofVirtual()
        .start(
            () -> {
              try (var lines = response.body()) {
                lines.filter(line -> line.startsWith("data: ")).forEach(data::add);
              } catch (UncheckedIOException closed) {
                // The stream ends when the test stops the server.
              }
            });
    return data;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  /** Watches the path's name; a message names the key it updates; counts renders per key. */
  private static final class CountingStream implements StreamAdapter {

    final Map<String, AtomicInteger> renders = new ConcurrentHashMap<>();

    @Override
    public Watch watch(RoutingContext request) {
      return Watch.keys(request.pathParam("name"));
    }

    @Override
    public Set<String> keysOf(Message message) {
      return Set.of(new String(message.payload(), StandardCharsets.UTF_8));
    }

    @Override
    public SseEvent render(String key) {
      int n = renders.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return SseEvent.named("data", "{\"key\":\"" + key + "\",\"render\":" + n + "}");
    }

    int renders(String key) {
      return renders.getOrDefault(key, new AtomicInteger()).get();
    }
  }
}
