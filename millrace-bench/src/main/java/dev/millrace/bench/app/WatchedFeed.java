package dev.millrace.bench.app;

import dev.millrace.bench.scenario.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients of an app scenario: some watch the feed list, some one feed, opened once the feed
 * exists (a first post, sent with {@code seedPost}, creates it).
 */
public record WatchedFeed(List<FeedListWatcher> lists, List<FeedWatcher> feeds) {

  /** Creates the feed {@code tag} and opens the watchers; latencies go where they are given. */
  public static WatchedFeed open(
      String target,
      ApiClient api,
      StreamOpener opener,
      String tag,
      String seedPost,
      int listClients,
      int feedClients,
      PostClock clock,
      Latencies listLatencies,
      Latencies feedLatencies)
      throws InterruptedException {
    api.expect(201, "POST", "/api/posts", seedPost);
    awaitFeed(api, tag);
    List<FeedListWatcher> lists = new ArrayList<>();
    List<FeedWatcher> feeds = new ArrayList<>();
    for (int i = 0; i < listClients; i++) {
      lists.add(new FeedListWatcher(tag, 1, clock, listLatencies));
    }
    for (int i = 0; i < feedClients; i++) {
      feeds.add(new FeedWatcher(clock, feedLatencies));
    }
    Progress.log("%s: opening %d + %d streams", target, lists.size(), feeds.size());
    opener.openAll("/api/feeds", lists, 100);
    opener.openAll("/api/feeds/" + tag, feeds, 100);
    Thread.sleep(1000);
    return new WatchedFeed(lists, feeds);
  }

  private static void awaitFeed(ApiClient api, String tag) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (api.send("GET", "/api/feeds/" + tag + "?limit=1", null).status() != 200) {
      if (System.nanoTime() > deadline) {
        throw new ApiCallFailedException("feed " + tag + " did not appear in 20 s", null);
      }
      Thread.sleep(50);
    }
  }
}
