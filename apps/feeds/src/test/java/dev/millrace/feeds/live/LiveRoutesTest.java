package dev.millrace.feeds.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.feeds.support.EmbeddedStack;
import dev.millrace.sse.SseRouter;
import dev.millrace.sse.StreamAdapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveRoutesTest {

  private final Vertx vertx = Vertx.vertx();
  private final EmbeddedStack stack = EmbeddedStack.inMemory();
  private final SseRouter sse =
      SseRouter.create(vertx, stack.subscriber(), new SimpleMeterRegistry());

  @AfterEach
  void close() throws Exception {
    sse.close();
    stack.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everyStreamAdapterPassesThroughTheDecorator() {
    List<String> decorated = new ArrayList<>();
    UnaryOperator<StreamAdapter> recording =
        adapter -> {
          decorated.add(adapter.getClass().getSimpleName());
          return adapter;
        };

    new LiveRoutes(sse, stack.readModel(), new SimpleMeterRegistry(), recording)
        .addTo(Router.router(vertx), "/api");

    assertThat(decorated)
        .containsExactly("FeedListStream", "FeedStream", "PostStream", "LiveStream");
  }
}
