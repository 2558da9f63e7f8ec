package dev.millrace.core.deadletter;

import dev.millrace.core.router.ReplayFailedException;
import dev.millrace.core.router.Router;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The administration of one {@link DeadLetterStore}: list, replay and drop its dead letters. The
 * routers whose handlers may have dead letters in the store are {@link #register registered}, so a
 * dead letter can be replayed through the handler that failed on it.
 *
 * <p>{@link #replay} runs the handler on the calling thread ({@link Router#replay}) and removes the
 * dead letter only once the handler succeeded and its results were published; a failed replay keeps
 * it. Replays are at-least-once: a crash between success and removal replays again, which
 * idempotent handlers absorb. Thread-safe; the methods block on the store.
 */
public final class DeadLetters {

  /** Outcome of a {@link #replay}. */
  public enum Replay {
    /** Handled, results published, dead letter removed. */
    REPLAYED,
    /** No dead letter has this id. */
    NOT_FOUND,
    /** No registered router has the handler that failed on it. */
    NO_HANDLER
  }

  private final DeadLetterStore store;
  private final List<Router> routers = new CopyOnWriteArrayList<>();

  private DeadLetters(DeadLetterStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  public static DeadLetters create(DeadLetterStore store) {
    return new DeadLetters(store);
  }

  public DeadLetterStore store() {
    return store;
  }

  /** Lets {@link #replay} run the handlers of {@code router}. */
  public DeadLetters register(Router router) {
    routers.add(Objects.requireNonNull(router, "router"));
    return this;
  }

  /** Page of dead letters, oldest first; see {@link DeadLetterStore#list}. */
  public List<DeadLetter> list(String after, int limit) {
    return store.list(after, limit);
  }

  public Optional<DeadLetter> find(String id) {
    return store.find(id);
  }

  /**
   * Replays dead letter {@code id} through its handler, then removes it.
   *
   * @throws ReplayFailedException when the handler fails again (the dead letter stays)
   */
  public Replay replay(String id) {
    var letter = store.find(id);
    if (letter.isEmpty()) {
      return Replay.NOT_FOUND;
    }
    var handler = letter.get().handler();
    var router = routers.stream().filter(r -> r.hasHandler(handler)).findFirst();
    if (router.isEmpty()) {
      return Replay.NO_HANDLER;
    }
    router.get().replay(handler, letter.get().message());
    store.remove(id);
    return Replay.REPLAYED;
  }

  /** Deletes dead letter {@code id} without handling it; {@code false} when there was none. */
  public boolean drop(String id) {
    return store.remove(id);
  }

  /** How many dead letters the store holds. */
  public long count() {
    return store.count();
  }
}
