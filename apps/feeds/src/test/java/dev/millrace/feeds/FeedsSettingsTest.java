package dev.millrace.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.millrace.core.Message;
import dev.millrace.feeds.hub.HubSettings;
import dev.millrace.feeds.support.EmbeddedStack;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.Watch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedsSettingsTest {

  private final Vertx vertx = Vertx.vertx();
  private final EmbeddedStack stack = EmbeddedStack.inMemory();
  private final FeedsSettings settings =
      new FeedsSettings(
          vertx,
          new SimpleMeterRegistry(),
          stack.publisher(),
          stack.subscriber(),
          stack.writeDataSource(),
          stack.readModel(),
          "node-1");

  @AfterEach
  void close() throws Exception {
    stack.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void streamAdaptersAreUsedAsTheyAreByDefault() {
    StreamAdapter adapter = new FakeAdapter();

    assertThat(settings.streamDecorator().apply(adapter)).isSameAs(adapter);
  }

  @Test
  void withStreamDecoratorKeepsEverythingElse() {
    StreamAdapter wrapper = new FakeAdapter();
    UnaryOperator<StreamAdapter> decorator = adapter -> wrapper;

    var decorated = settings.withStreamDecorator(decorator);

    assertThat(decorated.streamDecorator().apply(new FakeAdapter())).isSameAs(wrapper);
    assertThat(decorated.vertx()).isSameAs(settings.vertx());
    assertThat(decorated.meterRegistry()).isSameAs(settings.meterRegistry());
    assertThat(decorated.publisher()).isSameAs(settings.publisher());
    assertThat(decorated.subscriber()).isSameAs(settings.subscriber());
    assertThat(decorated.writeDataSource()).isSameAs(settings.writeDataSource());
    assertThat(decorated.readModel()).isSameAs(settings.readModel());
    assertThat(decorated.nodeId()).isEqualTo("node-1");
  }

  @Test
  void thereIsNoHubByDefaultAndWithHubKeepsEverythingElse() {
    UnaryOperator<StreamAdapter> decorator = adapter -> adapter;
    var hub = HubSettings.of("https://feeds.example.com", update -> null);

    var withHub = settings.withStreamDecorator(decorator).withHub(hub);

    assertThat(settings.hub()).isNull();
    assertThat(withHub.hub()).isSameAs(hub);
    assertThat(withHub.streamDecorator()).isSameAs(decorator);
    assertThat(withHub.withStreamDecorator(UnaryOperator.identity()).hub()).isSameAs(hub);
    assertThat(withHub.readModel()).isSameAs(settings.readModel());
    assertThat(withHub.nodeId()).isEqualTo("node-1");
  }

  @Test
  void rejectsAMissingDecorator() {
    assertThatNullPointerException()
        .isThrownBy(() -> settings.withStreamDecorator(null))
        .withMessage("streamDecorator");
  }

  private static final class FakeAdapter implements StreamAdapter {
    @Override
    public Watch watch(RoutingContext request) {
      return Watch.keys("k");
    }

    @Override
    public Set<String> keysOf(Message message) {
      return Set.of("k");
    }

    @Override
    public SseEvent render(String key) {
      return SseEvent.named("data", "{}");
    }
  }
}
