package dev.millrace.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.core.Message;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CorrelationIdTest {

  private final AtomicReference<String> seenInHandler = new AtomicReference<>();
  private final Message own =
      Message.of(new byte[] {2}).withMetadata(Message.CORRELATION_ID, "own");
  private final Handler handler =
      CorrelationId.create()
          .apply(
              message -> {
                seenInHandler.set(CorrelationId.current().orElseThrow());
                return List.of(Message.of(new byte[] {1}), own);
              });

  @Test
  void copiesTheInputsIdToResultsWithoutOne() throws Exception {
    Message input = Message.of(new byte[0]).withMetadata(Message.CORRELATION_ID, "req-1");

    List<Message> results = handler.handle(input);

    assertThat(results.get(0).metadata(Message.CORRELATION_ID)).isEqualTo("req-1");
    assertThat(results.get(1).metadata(Message.CORRELATION_ID)).isEqualTo("own");
    assertThat(seenInHandler).hasValue("req-1");
    assertThat(CorrelationId.current()).isEmpty();
  }

  @Test
  void givesANewIdWhenTheInputHasNone() throws Exception {
    List<Message> results = handler.handle(Message.of(new byte[0]));

    assertThat(results.get(0).metadata(Message.CORRELATION_ID))
        .isNotBlank()
        .isEqualTo(seenInHandler.get());
  }
}
