package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoisonQueueTest {

  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final BlockingQueue<Message> poisoned = new LinkedBlockingQueue<>();
  private final Handler handler =
      PoisonQueue.create(pubSub, "poison", 3)
          .apply(
              message -> {
                if (new String(message.payload(), StandardCharsets.UTF_8).startsWith("bad")) {
                  throw new IllegalArgumentException("cannot handle " + message.id());
                }
                return List.of(message);
              });

  PoisonQueueTest() {
    pubSub.subscribe(
        "poison",
        delivery -> {
          poisoned.add(delivery.message());
          delivery.ack();
        });
  }

  @AfterEach
  void close() {
    pubSub.close();
  }

  @Test
  void failuresPropagateUntilTheLimitThenTheMessageGoesToThePoisonTopic() throws Exception {
    Message bad = message("bad");

    assertThatThrownBy(() -> handler.handle(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> handler.handle(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThat(handler.handle(bad)).isEmpty();

    Message moved = poisoned.poll(10, TimeUnit.SECONDS);
    assertThat(moved.id()).isNotEqualTo(bad.id()); // a broker deduplicating ids keeps the copy
    assertThat(moved.metadata(PoisonQueue.ORIGINAL_ID)).isEqualTo(bad.id());
    assertThat(moved.payload()).isEqualTo(bad.payload());
    assertThat(moved.metadata(PoisonQueue.FAILURES)).isEqualTo("3");
    assertThat(moved.metadata(PoisonQueue.REASON)).contains("cannot handle " + bad.id());
  }

  @Test
  void goodMessagesPassAndAreNeverPoisoned() throws Exception {
    Message good = message("good");

    assertThat(handler.handle(good)).containsExactly(good);
    assertThat(poisoned.poll(100, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void countsFailuresPerMessage() throws Exception {
    Message first = message("bad 1");
    Message second = message("bad 2");

    assertThatThrownBy(() -> handler.handle(first)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> handler.handle(second)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> handler.handle(first)).isInstanceOf(IllegalArgumentException.class);
    assertThat(handler.handle(first)).isEmpty();

    assertThat(poisoned.poll(10, TimeUnit.SECONDS).metadata(PoisonQueue.ORIGINAL_ID))
        .isEqualTo(first.id());
  }

  private static Message message(String text) {
    return Message.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
