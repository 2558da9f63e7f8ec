package dev.millrace.core.deadletter;

import dev.millrace.core.router.ReplayFailedException;
import dev.millrace.core.router.Router;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The administration of one {@link DeadLetterStore}: list, replay and drop its dead letters. The
 * routers (and other {@link Replayer}s) whose handlers may have dead letters in the store are
 * {@link #register registered}, so a dead letter can be replayed through the handler that failed on
 * it.
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
  private final List<Replayer> replayers = new CopyOnWriteArrayList<>();

  private DeadLetters(DeadLetterStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  public static DeadLetters create(DeadLetterStore store) {
    return new DeadLetters(store);
  }

  public DeadLetterStore store() {
    return store;
  }

  /** Lets {@link #replay} run the handlers of {@code router} (see {@link Router#replay}). */
  public DeadLetters register(Router router) {
    Objects.requireNonNull(router, "router");
    return register(
        new Replayer() {
          @Override
          public boolean replays(String handler) {
            return router.hasHandler(handler);
          }

          @Override
          public void replay(DeadLetter deadLetter) {
            router.replay(deadLetter.handler(), deadLetter.message());
          }
        });
  }

  /** Lets {@link #replay} hand the dead letters of the handlers it replays to {@code replayer}. */
  public DeadLetters register(Replayer replayer) {
    replayers.add(Objects.requireNonNull(replayer, "replayer"));
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
    var replayer = replayers.stream().filter(r -> r.replays(handler)).findFirst();
    if (replayer.isEmpty()) {
      return Replay.NO_HANDLER;
    }
    replayer.get().replay(letter.get());
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
