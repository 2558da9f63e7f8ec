package dev.millrace.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.SseParser.Event;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replay pages are written whole and end the stream, whatever the id of their last event. */
class ReplayPageTest {

  private final InProcessPubSub pubsub = InProcessPubSub.create();
  private final ScriptedLog log = new ScriptedLog();
  private TestServer server;
  private SseRouter sse;
  private SseClient client;

  @BeforeEach
  void start() {
    server = new TestServer();
    sse = SseRouter.create(server.vertx, pubsub, new SimpleMeterRegistry());
    server.router.get("/log").handler(sse.handler("log", log));
    client = new SseClient(server.vertx, server.port(), 4);
  }

  @AfterEach
  void stop() {
    client.close();
    sse.close();
    server.close();
    pubsub.close();
  }

  @Test
  void writesAPageEndingWithoutAnIdThenGoesLive() {
    log.pages.put("", List.of(line(1), line(2), SseEvent.named("note", "two lines so far")));
    var stream = client.open("/log");
    await().until(() -> stream.events.size() == 3);

    log.live = List.of(line(3));
    pubsub.publish("log", Message.of(new byte[0])).join();

    await().until(() -> stream.events.size() == 4);
    assertThat(stream.events)
        .containsExactly(
            new Event("1", "line", "line 1"),
            new Event("2", "line", "line 2"),
            new Event("2", "note", "two lines so far"),
            new Event("3", "line", "line 3"));
    assertThat(log.asked).containsExactly("");
  }

  @Test
  void endsTheStreamWithAnEndEventWithoutAnId() {
    log.pages.put("", List.of(line(1), line(2)));
    log.pages.put("2", List.of(line(3), SseEvent.end(null, "finished")));
    var stream = client.open("/log");

    await().until(stream::ended);
    assertThat(stream.events)
        .containsExactly(
            new Event("1", "line", "line 1"),
            new Event("2", "line", "line 2"),
            new Event("3", "line", "line 3"),
            new Event("3", "end", "finished"));
  }

  @Test
  void endsTheStreamWithAnEndEventInTheMiddleOfAPage() {
    log.pages.put("5", List.of(line(6), SseEvent.end("7", "finished"), line(8)));
    var stream = client.open("/log", "Last-Event-ID", "5");

    await().until(stream::ended);
    assertThat(stream.data()).containsExactly("line 6", "finished");
    assertThat(log.asked).containsExactly("5");
  }

  private static SseEvent line(int n) {
    return SseEvent.of(Integer.toString(n), "line", "line " + n);
  }

  /** Replays the pages it is given, keyed by the id asked after ("" for none). */
  private static final class ScriptedLog implements StreamAdapter {
    final Map<String, List<SseEvent>> pages = new ConcurrentHashMap<>();
    final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile List<SseEvent> live = List.of();

    @Override
    public StreamPolicy policy() {
      return StreamPolicy.REPLAY;
    }

    @Override
    public Watch watch(RoutingContext request) {
      return Watch.keys("log");
    }

    @Override
    public Set<String> keysOf(Message message) {
      return Set.of("log");
    }

    @Override
    public SseEvent render(String key) {
      return SseEvent.of("");
    }

    @Override
    public List<SseEvent> render(String key, Message message) {
      return live;
    }

    @Override
    public List<SseEvent> replay(String key, String lastEventId) {
      String after = lastEventId == null ? "" : lastEventId;
      asked.add(after);
      return pages.getOrDefault(after, List.of());
    }
  }
}
