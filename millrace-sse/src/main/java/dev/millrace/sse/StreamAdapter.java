package dev.millrace.sse;

import dev.millrace.core.Message;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Connects an application's data to the SSE engine: which keys a request watches, which keys a
 * message affects, and how a key renders. The engine calls {@link #render} once per key per update,
 * however many connections watch the key, encodes the result once and writes the same bytes to
 * every one of them.
 *
 * <p>Threading: every method is called on a virtual thread, never on an event loop, so it may block
 * (JDBC, a document store). While a key is watched, its {@code render} calls run one at a time, in
 * message order; different keys render concurrently, and {@link #replay} (once per connecting
 * client) may run alongside them. {@link #keysOf} runs on the topic's subscription thread; keep it
 * cheap.
 *
 * <p>Failures: a {@link #render} that throws is called again, up to {@link
 * SseOptions#renderAttempts()} times with a doubling {@link SseOptions#renderBackoff()} (so renders
 * must be safe to repeat for the same message); later updates of the key wait meanwhile. If every
 * attempt fails, the failure is logged at WARN and counted ({@code
 * millrace_sse_render_failures_total}), the key's cached snapshot is dropped, and every connection
 * watching the key (or, for a snapshot on connect, the connecting one) is closed with a jittered
 * {@code retry:}: its client resumes from {@code Last-Event-ID} ({@link StreamPolicy#REPLAY}) or
 * gets a fresh snapshot ({@link StreamPolicy#LATEST}). No client is left silently missing an
 * update. An exception thrown from {@link #replay} is logged at WARN and closes that connection.
 */
public interface StreamAdapter {

  /**
   * The policy for slow clients and for what a new connection receives first. Default {@link
   * StreamPolicy#LATEST}.
   */
  default StreamPolicy policy() {
    return StreamPolicy.LATEST;
  }

  /**
   * Maps a request to the keys it watches, before any byte of the stream is sent. Read the request
   * (path parameters, query, headers, cookies) but do not write the response.
   *
   * @throws StreamRejectedException to answer a plain HTTP 4xx error with a JSON body
   */
  Watch watch(RoutingContext request);

  /** The keys affected by a message of the handler's topic; empty when none. */
  Set<String> keysOf(Message message);

  /**
   * The current snapshot of a key: sent to each new connection of a {@link StreamPolicy#LATEST}
   * stream, to every watcher after an update, and as the JSON answer when the request does not
   * accept {@code text/event-stream} (its {@code data} is then the response body). Never null.
   */
  SseEvent render(String key);

  /**
   * The events that one message produces for one of its keys, in order; empty for none. Default:
   * the key's current snapshot, which is right for state streams. Append streams return the new
   * entries (for example the log lines the message announces), with ids.
   */
  default List<SseEvent> render(String key, Message message) {
    return List.of(render(key));
  }

  /**
   * For {@link StreamPolicy#REPLAY} streams: the next page of stored events of a key after {@code
   * lastEventId} (or from the start of what a new client should see when it is {@code null}), in id
   * order; empty when the client is caught up.
   *
   * <p>The engine writes every event of a page, in order and with backpressure, skipping only those
   * whose numeric id is not above the last one it sent on the connection. Then:
   *
   * <ul>
   *   <li>if the page's last event has an id (other than {@code lastEventId}), it asks for the next
   *       page after that id;
   *   <li>if the page's last event has no id, or is {@code lastEventId} again, or the page is
   *       empty, the replay is over and the connection goes live (events without an id at the end
   *       of a page are therefore never asked for twice);
   *   <li>once it writes an {@link SseEvent#endsStream()} event (with or without an id, anywhere in
   *       the page), the connection stops watching the key and the replay ends there.
   * </ul>
   *
   * <p>Events rendered live meanwhile wait and follow the replay; events it already sent are never
   * sent twice. Default: nothing to replay.
   */
  default List<SseEvent> replay(String key, String lastEventId) {
    return List.of();
  }
}
