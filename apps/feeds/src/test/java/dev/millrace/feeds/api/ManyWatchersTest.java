package dev.millrace.feeds.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.feeds.support.EmbeddedStack;
import dev.millrace.feeds.support.FeedsStack;
import dev.millrace.testsupport.RecordingSseClient;
import java.util.ArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A hundred clients on one feed: one edit costs one render of it, and reaches all of them. */
@Tag("slow")
class ManyWatchersTest extends FeedsApiContract {

  private static final int CLIENTS = 100;

  @Override
  protected FeedsStack newStack() {
    return EmbeddedStack.inMemory();
  }

  @Test
  void oneEditWatchedByAHundredClientsIsRenderedOnce() {
    var tag = newTag();
    var id = post("Watched", "#" + tag);
    awaitFeed(tag, f -> ids(f).contains(id));
    var clients = new ArrayList<RecordingSseClient>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(RecordingSseClient.open(harness.baseUrl() + "/api/feeds/" + tag));
      }
      for (var client : clients) {
        client.await("data", f -> ids(f).contains(id));
      }
      double renders = feedRenders();
      long start = System.nanoTime();

      api.patch("/api/posts/" + id, body("Seen by all", "#" + tag));

      for (var client : clients) {
        client.await(
            "data", f -> f.get("posts").get(0).get("title").asText().equals("Seen by all"));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      LoggerFactory.getLogger(ManyWatchersTest.class)
          .info(
              "edit reached {} clients in {} ms with {} render(s) of the feed",
              CLIENTS,
              millis,
              feedRenders() - renders);
      assertThat(feedRenders() - renders).isBetween(1.0, 2.0);
    } finally {
      clients.forEach(RecordingSseClient::close);
    }
  }

  private double feedRenders() {
    return harness
        .metrics()
        .get("millrace.feeds.stream.renders")
        .tag("stream", "feed")
        .counter()
        .count();
  }
}
