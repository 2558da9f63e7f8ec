package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.core.Message;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RecovererTest {

  private final Message input = Message.of(new byte[0]);

  @Test
  void turnsAnErrorIntoAnException() {
    Handler crashing =
        Recoverer.create()
            .apply(
                message -> {
                  throw new AssertionError("invariant broken");
                });

    assertThatThrownBy(() -> crashing.handle(input))
        .isInstanceOf(HandlerCrashedException.class)
        .hasMessageContaining(input.id())
        .hasCauseInstanceOf(AssertionError.class);
  }

  @Test
  void turnsAStackOverflowIntoAnException() {
    Handler crashing =
        Recoverer.create()
            .apply(
                message -> {
                  throw new StackOverflowError();
                });

    assertThatThrownBy(() -> crashing.handle(input))
        .isInstanceOf(HandlerCrashedException.class)
        .hasCauseInstanceOf(StackOverflowError.class);
  }

  @Test
  void letsExceptionsAndOutOfMemoryThrough() {
    IOException failure = new IOException("disk");
    Handler failing =
        Recoverer.create()
            .apply(
                message -> {
                  throw failure;
                });
    Handler oom =
        Recoverer.create()
            .apply(
                message -> {
                  throw new OutOfMemoryError("test");
                });

    assertThatThrownBy(() -> failing.handle(input)).isSameAs(failure);
    assertThatThrownBy(() -> oom.handle(input)).isInstanceOf(OutOfMemoryError.class);
  }
}
