package dev.millrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The default {@link Publisher#publishInOrder}: one after the other, never past a failure. */
class PublishInOrderTest {

  /** Holds what it is given, asynchronously, and refuses the message named {@code refused}. */
  private static final class RecordingPublisher implements Publisher {
    final List<String> held = new ArrayList<>();
    final String refused;

    RecordingPublisher(String refused) {
      this.refused = refused;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, Message message) {
      String text = new String(message.payload(), StandardCharsets.UTF_8);
      return CompletableFuture.runAsync(
          () -> {
            if (text.equals(refused)) {
              throw new PubSubException("refused " + text);
            }
            synchronized (held) {
              held.add(text);
            }
          });
    }

    @Override
    public void close() {}
  }

  @Test
  void publishesEachAfterThePreviousWasHeld() {
    var publisher = new RecordingPublisher(null);
    var prefix = publisher.publishInOrder("posts", messages("a", "b", "c", "d")).join();
    assertThat(prefix).isEqualTo(new Publisher.HeldPrefix(4, null));
    assertThat(publisher.held).containsExactly("a", "b", "c", "d");
  }

  @Test
  void stopsAtTheFirstRefusedMessage() {
    var publisher = new RecordingPublisher("b");
    var prefix = publisher.publishInOrder("posts", messages("a", "b", "c")).join();
    assertThat(prefix.held()).isEqualTo(1);
    assertThat(prefix.failure()).isInstanceOf(PubSubException.class).hasMessage("refused b");
    assertThat(publisher.held).containsExactly("a"); // never "c" without "b"
  }

  private static List<Message> messages(String... texts) {
    return java.util.Arrays.stream(texts)
        .map(text -> Message.of(text.getBytes(StandardCharsets.UTF_8)))
        .toList();
  }
}
