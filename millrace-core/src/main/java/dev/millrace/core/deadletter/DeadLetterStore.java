package dev.millrace.core.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where dead letters are kept until they are replayed or dropped.
 *
 * <p>Implementations are thread-safe; a durable one (a SQL table) may be shared by several nodes
 * and its methods may block, so call them off event loops. Every method either completes or throws
 * an unchecked exception (a dead letter is never lost silently: a failed {@link #add} must make the
 * caller keep the message). Dead letters are listed oldest first by {@link
 * DeadLetter#firstFailedAt()}, then by id.
 */
public interface DeadLetterStore {

  /**
   * Stores {@code deadLetter}; when one with the same id exists it is replaced, keeping the earlier
   * {@link DeadLetter#firstFailedAt()}. Durable when this method returns.
   */
  void add(DeadLetter deadLetter);

  /**
   * At most {@code limit} dead letters, oldest first, starting after the one with id {@code after}
   * ({@code null}: from the oldest). An unknown {@code after} yields an empty list.
   */
  List<DeadLetter> list(String after, int limit);

  /** The dead letter with this id. */
  Optional<DeadLetter> find(String id);

  /** Removes the dead letter with this id; {@code false} when there was none. */
  boolean remove(String id);

  /** How many dead letters each handler has; handlers without any are absent. */
  Map<String, Long> countByHandler();

  /** How many dead letters there are in all. */
  default long count() {
    return countByHandler().values().stream().mapToLong(Long::longValue).sum();
  }
}
