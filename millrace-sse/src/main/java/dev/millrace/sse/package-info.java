/**
 * Server-Sent Events driven by a pub/sub: render once per key, write the same bytes to every
 * connection watching it.
 *
 * <p>An application implements a {@link dev.millrace.sse.StreamAdapter} per kind of stream and
 * mounts the handler an {@link dev.millrace.sse.SseRouter} makes for it:
 *
 * <pre>{@code
 * final class FeedStream implements StreamAdapter {
 *   public Watch watch(RoutingContext request) {
 *     String name = request.pathParam("name");
 *     if (!readModel.feedExists(name)) throw StreamRejectedException.notFound("no feed " + name);
 *     return Watch.keys(name);
 *   }
 *   public Set<String> keysOf(Message message) {
 *     return Set.of(message.metadata("feed"));
 *   }
 *   public SseEvent render(String feed) {       // blocking is fine: runs on a virtual thread
 *     return SseEvent.named("data", json.write(readModel.feed(feed)));
 *   }
 * }
 *
 * SseRouter sse = SseRouter.create(vertx, subscriber, meterRegistry);
 * router.get("/api/feeds/:name").handler(sse.handler("feed-updated", new FeedStream()));
 * // on shutdown
 * sse.drain().await();
 * sse.close();
 * }</pre>
 *
 * <p>Append streams (log lines, chat) return {@link dev.millrace.sse.StreamPolicy#REPLAY} from
 * {@link dev.millrace.sse.StreamAdapter#policy()}, produce events with numeric ids from {@link
 * dev.millrace.sse.StreamAdapter#render(String, dev.millrace.core.Message)}, replay stored events
 * after {@code Last-Event-ID} from {@link dev.millrace.sse.StreamAdapter#replay(String, String)},
 * and end with {@link dev.millrace.sse.SseEvent#end(String, String)}; their {@code watch} answers
 * {@link dev.millrace.sse.Watch#finished()} (HTTP 204) to a client that has read a finished stream.
 *
 * <p>The Mercure hub of the {@code millrace-hub} module runs on the same engine.
 */
package dev.millrace.sse;
