package dev.millrace.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.core.Message;
import dev.millrace.core.deadletter.DeadLetter;
import dev.millrace.core.deadletter.DeadLetterStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DeadLetterStore} fulfils. A store's test extends this class and
 * implements {@link #createStore()} (a fresh, empty store each time) and, when it holds resources,
 * {@link #closeStore()}.
 */
public abstract class DeadLetterStoreContractTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

  protected DeadLetterStore store;

  protected abstract DeadLetterStore createStore() throws Exception;

  protected void closeStore() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    store = createStore();
  }

  @AfterEach
  void releaseStore() throws Exception {
    closeStore();
  }

  @Test
  void keepsEveryFieldOfADeadLetter() {
    var message =
        new Message(
            "id-é-" + UUID.randomUUID(),
            Map.of(Message.CORRELATION_ID, "corr ✓", "k", "a\r\nb"),
            new byte[] {0, -1, 127, -128, 10, 13});
    var letter = DeadLetter.of("project", "posts", message, "boom: ✗", 3, T0, T0.plusSeconds(2));

    store.add(letter);

    assertThat(store.find(letter.id())).contains(letter);
    assertThat(store.find("no-such-id")).isEmpty();
  }

  @Test
  void listsOldestFirstInPagesAfterACursor() {
    var first = letter("h", "a", T0);
    var second = letter("h", "b", T0.plusSeconds(1));
    var third = letter("h", "c", T0.plusSeconds(2));
    store.add(third);
    store.add(first);
    store.add(second);

    assertThat(store.list(null, 2)).containsExactly(first, second);
    assertThat(store.list(second.id(), 2)).containsExactly(third);
    assertThat(store.list(third.id(), 2)).isEmpty();
    assertThat(store.list("unknown", 2)).isEmpty();
  }

  @Test
  void addingTheSameIdReplacesItAndKeepsTheFirstFailure() {
    var message = text("same");
    store.add(DeadLetter.of("h", "posts", message, "first", 3, T0, T0.plusSeconds(1)));

    store.add(
        DeadLetter.of("h", "posts", message, "again", 4, T0.plusSeconds(5), T0.plusSeconds(6)));

    assertThat(store.count()).isEqualTo(1);
    var stored = store.find(DeadLetter.idOf("h", message.id())).orElseThrow();
    assertThat(stored.reason()).isEqualTo("again");
    assertThat(stored.attempts()).isEqualTo(4);
    assertThat(stored.firstFailedAt()).isEqualTo(T0);
    assertThat(stored.lastFailedAt()).isEqualTo(T0.plusSeconds(6));
  }

  @Test
  void countsByHandlerAndRemoves() {
    var a1 = letter("a", "1", T0);
    var a2 = letter("a", "2", T0);
    var b1 = letter("b", "1", T0);
    store.add(a1);
    store.add(a2);
    store.add(b1);

    assertThat(store.countByHandler()).isEqualTo(Map.of("a", 2L, "b", 1L));
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.remove(a1.id())).isTrue();
    assertThat(store.remove(a1.id())).isFalse();
    assertThat(store.countByHandler()).isEqualTo(Map.of("a", 1L, "b", 1L));
    assertThat(store.remove(a2.id())).isTrue();
    assertThat(store.countByHandler()).isEqualTo(Map.of("b", 1L));
  }

  @Test
  void aLongReasonIsCut() {
    var letter = DeadLetter.of("h", "posts", text("long"), "x".repeat(10_000), 1, T0, T0);

    store.add(letter);

    assertThat(store.find(letter.id()).orElseThrow().reason())
        .hasSize(DeadLetter.MAX_REASON_LENGTH);
  }

  private static DeadLetter letter(String handler, String text, Instant at) {
    return DeadLetter.of(
        handler, "posts", text(text), "failed " + text, 3, at, at.plus(1, ChronoUnit.SECONDS));
  }

  private static Message text(String text) {
    return Message.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
