package dev.millrace.feeds.hub;

import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.projection.Projected;
import dev.millrace.hub.Update;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub updates of one committed batch: one per resource the batch changed, however many of its
 * events changed it, so a batch of a hundred posts to one feed is one update of that feed. All
 * public, in the API's JSON style (snake_case):
 *
 * <ul>
 *   <li>each feed that changed (a post added, edited or removed), in name order: {@code
 *       {"feed":"java","changed_posts":["<id>",…]}}, the posts in the order they were applied;
 *   <li>then the feed list, when any feed changed: {@code {"changed_feeds":["all-posts","java"]}};
 *   <li>then each edited post (version 2 on): {@code {"post":"<id>","version":3}}. A created post
 *       is announced by its feeds only, so that a hundred new posts do not cost a hundred updates.
 * </ul>
 *
 * <p>Only events that changed the read model count: one redelivered or outdated repeats a change
 * that was announced when it was applied (the read model applies each version of a post once, on
 * any node), so a redelivered batch publishes nothing. An update's id is its resource and the last
 * change in the batch that touched it, such as {@code urn:millrace:feeds:feed:java:<post id>:1}: no
 * two changes share it, and the same change always has it, so the hub keeps an update published
 * twice only once.
 */
final class HubUpdates {

  static final String ID_PREFIX = "urn:millrace:feeds:";

  private final HubTopics topics;

  HubUpdates(HubTopics topics) {
    this.topics = topics;
  }

  /** The updates for {@code batch}, in the order to publish them; none when nothing changed. */
  List<Update> of(List<Projected> batch) {
    var feeds = new TreeMap<String, FeedChanges>();
    var edits = new LinkedHashMap<String, Post>();
    Post last = null;
    for (var projected : batch) {
      if (!projected.changed()) {
        continue;
      }
      var post = projected.post();
      for (var feed : projected.projection().affectedFeeds()) {
        feeds.computeIfAbsent(feed, name -> new FeedChanges()).add(post);
      }
      if (post.version() > 1) {
        edits.remove(post.id());
        edits.put(post.id(), post);
      }
      last = post;
    }
    var updates = new ArrayList<Update>(feeds.size() + 1 + edits.size());
    for (Map.Entry<String, FeedChanges> feed : feeds.entrySet()) {
      var changes = feed.getValue();
      updates.add(
          update(
              topics.feed(feed.getKey()),
              "feed:" + HubTopics.segment(feed.getKey()),
              changes.last,
              new FeedChanged(feed.getKey(), List.copyOf(changes.posts))));
    }
    if (!feeds.isEmpty()) {
      updates.add(
          update(
              topics.feedList(), "list", last, new FeedListChanged(List.copyOf(feeds.keySet()))));
    }
    for (var post : edits.values()) {
      updates.add(
          update(topics.post(post.id()), "post", post, new PostChanged(post.id(), post.version())));
    }
    return updates;
  }

  private static Update update(String topic, String resource, Post change, Object data) {
    var id = ID_PREFIX + resource + ":" + HubTopics.segment(change.id()) + ":" + change.version();
    var json = new String(EventCodec.bytes(data), StandardCharsets.UTF_8);
    return new Update(List.of(topic), json, false, id, null, null);
  }

  /** The posts that changed one feed, in order, and the last of them. */
  private static final class FeedChanges {
    private final LinkedHashSet<String> posts = new LinkedHashSet<>();
    private Post last;

    void add(Post post) {
      posts.add(post.id());
      last = post;
    }
  }

  /** The data of a feed's update. */
  record FeedChanged(String feed, List<String> changedPosts) {}

  /** The data of the feed list's update. */
  record FeedListChanged(List<String> changedFeeds) {}

  /** The data of an edited post's update. */
  record PostChanged(String post, long version) {}
}
