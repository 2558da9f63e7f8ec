package dev.millrace.sse;

/**
 * What a connection does when its client reads slower than events arrive. Either way the memory
 * held for one connection stays bounded and a slow client never delays the others.
 */
public enum StreamPolicy {

  /**
   * State streams: each event is a full snapshot of its key, so only the newest one matters. A
   * connection that cannot keep up keeps at most one pending event per key, replacing older ones:
   * the client skips stale states and converges on the latest. On connect, the client gets the
   * current snapshot of each key it watches ({@link StreamAdapter#render(String)}).
   */
  LATEST,

  /**
   * Append streams: every event matters and carries a numeric id. A connection that falls too far
   * behind and stops draining is closed (see {@link SseOptions#pendingGrace()}); the client
   * reconnects with {@code Last-Event-ID} and the adapter replays what it missed ({@link
   * StreamAdapter#replay(String, String)}), so nothing is lost. On connect, the engine replays from
   * the request's {@code Last-Event-ID} (or from the adapter's chosen start).
   */
  REPLAY
}
