package dev.millrace.nats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConsumerLoopTest {

  private final PubSubStats stats = new PubSubStats();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch delivered = new CountDownLatch(1);

  @Test
  void anErrorThrownWhilePollingIsCountedAndTheLoopGoesOn() throws Exception {
    var loop =
        new ScriptedLoop(
            () -> {
              throw new NoClassDefFoundError("io/nats/client/impl/Missing");
            },
            () -> delivery("after-the-error"));
    loop.start("consumer-loop-test");
    try {
      assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(received).containsExactly("after-the-error");
      assertThat(stats.listenerErrors()).isEqualTo(1);
      assertThat(loop.resets.get()).isEqualTo(1);
    } finally {
      loop.close();
    }
    assertThat(loop.releases.get()).isEqualTo(1);
  }

  @Test
  void anExceptionThrownWhilePollingIsRetriedWithoutCountingAnError() throws Exception {
    var loop =
        new ScriptedLoop(
            () -> {
              throw new IllegalStateException("connection lost");
            },
            () -> delivery("after-the-exception"));
    loop.start("consumer-loop-test");
    try {
      assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(received).containsExactly("after-the-exception");
      assertThat(stats.listenerErrors()).isZero();
      assertThat(loop.resets.get()).isEqualTo(1);
    } finally {
      loop.close();
    }
  }

  private NatsDelivery delivery(String id) {
    var message = new Message(id, Map.of(), "x".getBytes(StandardCharsets.UTF_8));
    return new NatsDelivery("loop.test", message, 1, 1, NO_OP);
  }

  private static final NatsDelivery.Settlement NO_OP =
      new NatsDelivery.Settlement() {
        @Override
        public void ack() {}

        @Override
        public void nack() {}

        @Override
        public void abandon() {}
      };

  /** Polls what the script says, one step a poll, then nothing. */
  private final class ScriptedLoop extends ConsumerLoop {

    private final Deque<Supplier<NatsDelivery>> script;
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();

    @SafeVarargs
    ScriptedLoop(Supplier<NatsDelivery>... steps) {
      super(
          "loop.test",
          delivery -> {
            received.add(delivery.message().id());
            delivery.ack();
            delivered.countDown();
          },
          stats,
          () -> {});
      this.script = new ArrayDeque<>(List.of(steps));
    }

    @Override
    protected NatsDelivery poll() throws Exception {
      var step = script.poll();
      if (step == null) {
        Thread.sleep(10);
        return null;
      }
      return step.get();
    }

    @Override
    protected NatsDelivery redelivery(NatsDelivery delivery) {
      return null;
    }

    @Override
    protected void reset() {
      resets.incrementAndGet();
    }

    @Override
    protected void release() {
      releases.incrementAndGet();
    }
  }
}
