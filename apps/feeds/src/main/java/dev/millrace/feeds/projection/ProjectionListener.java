package dev.millrace.feeds.projection;

import java.util.List;

/**
 * Told what the projection committed to the read model, for side effects that follow a change (such
 * as notifying a Mercure hub) but must never hold the projection back.
 *
 * <p>Called once per applied batch, or once per event applied alone, after the read model committed
 * it and before the input is acknowledged; on the projection's thread, by one node for each event
 * (the handlers share a consumer group). Calls for the {@code post-created} and {@code
 * post-updated} handlers may overlap, so implementations are thread-safe. They must return quickly
 * (hand slow work off) and should not throw: an exception is logged and counted by the projection,
 * which goes on as if the call had succeeded.
 */
@FunctionalInterface
public interface ProjectionListener {

  /** A listener that does nothing. */
  ProjectionListener NONE = batch -> {};

  /**
   * The events of one batch in the order they were applied, each with its outcome; redelivered and
   * outdated events are included, with {@link Projected#changed()} false.
   */
  void committed(List<Projected> batch);
}
