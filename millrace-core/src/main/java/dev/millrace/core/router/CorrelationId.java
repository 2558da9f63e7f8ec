package dev.millrace.core.router;

import dev.millrace.core.Message;
import java.util.List;
import java.util.Optional;

/**
 * Propagates the {@link Message#CORRELATION_ID} of the handled message to the messages the handler
 * returns (unless they carry their own), so that everything caused by one request shares one id. A
 * message without one gets a new id. While the handler runs, {@link #current()} returns the id, for
 * code that publishes by other means.
 */
public final class CorrelationId implements Middleware {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private CorrelationId() {}

  public static CorrelationId create() {
    return new CorrelationId();
  }

  /** The correlation id of the message being handled on this thread, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  public Handler apply(Handler next) {
    return message -> {
      String id = message.metadata(Message.CORRELATION_ID);
      if (id == null) {
        id = Message.newId();
      }
      String outer = CURRENT.get();
      CURRENT.set(id);
      List<Message> results;
      try {
        results = next.handle(message);
      } finally {
        if (outer == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(outer);
        }
      }
      return withCorrelationId(results, id);
    };
  }

  private static List<Message> withCorrelationId(List<Message> results, String id) {
    if (results == null) {
      return List.of();
    }
    return results.stream()
        .map(
            m ->
                m.metadata(Message.CORRELATION_ID) == null
                    ? m.withMetadata(Message.CORRELATION_ID, id)
                    : m)
        .toList();
  }
}
