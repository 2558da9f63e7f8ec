package dev.millrace.feeds.live;

import dev.millrace.core.Message;
import dev.millrace.feeds.events.FeedsUpdated;
import dev.millrace.sse.SseEvent;
import dev.millrace.sse.StreamAdapter;
import dev.millrace.sse.StreamRejectedException;
import dev.millrace.sse.Watch;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/live?feed=name&post=id}: everything one browser tab shows live, on one
 * connection, so any number of tabs stay within HTTP/1.1's six connections per host. Always the
 * feed list (events named {@code feeds}); with {@code feed}, that feed (events {@code feed}, empty
 * posts when it does not exist yet); with {@code post}, that post (events {@code post}, data {@code
 * null} when unknown).
 */
final class LiveStream implements StreamAdapter {

  private static final String FEED = "feed:";
  private static final String POST = "post:";
  static final int MAX_KEYS = 50;

  private final Snapshots snapshots;

  LiveStream(Snapshots snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public Watch watch(RoutingContext request) {
    var keys = new ArrayList<String>();
    keys.add(FeedListStream.KEY);
    request.queryParams().getAll("feed").stream()
        .distinct()
        .forEach(feed -> keys.add(FEED + requireShort("feed", feed)));
    request.queryParams().getAll("post").stream()
        .distinct()
        .forEach(post -> keys.add(POST + requireShort("post", post)));
    if (keys.size() > MAX_KEYS + 1) {
      throw StreamRejectedException.badRequest("watch at most " + MAX_KEYS + " feeds and posts");
    }
    return Watch.keys(keys);
  }

  private static String requireShort(String param, String value) {
    if (value.isEmpty() || value.length() > 200) {
      throw StreamRejectedException.badRequest(param + " must be 1 to 200 characters");
    }
    return value;
  }

  @Override
  public Set<String> keysOf(Message message) {
    var keys = new HashSet<String>();
    keys.add(FeedListStream.KEY);
    FeedsUpdated.feedsOf(message).forEach(feed -> keys.add(FEED + feed));
    var post = message.metadata(FeedsUpdated.POST_ID);
    if (post != null) {
      keys.add(POST + post);
    }
    return keys;
  }

  @Override
  public SseEvent render(String key) {
    if (key.startsWith(FEED)) {
      return SseEvent.named("feed", snapshots.feed(key.substring(FEED.length())));
    }
    if (key.startsWith(POST)) {
      var id = key.substring(POST.length());
      var post = snapshots.post(id);
      return SseEvent.named(
          "post", post.equals("null") ? Snapshots.json(Map.of("id", id, "missing", true)) : post);
    }
    return SseEvent.named("feeds", snapshots.feedList());
  }
}
