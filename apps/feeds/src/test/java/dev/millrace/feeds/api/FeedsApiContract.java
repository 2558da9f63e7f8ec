package dev.millrace.feeds.api;

import static dev.millrace.feeds.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.feeds.support.ApiClient;
import dev.millrace.feeds.support.FeedsHarness;
import dev.millrace.feeds.support.FeedsStack;
import dev.millrace.sse.ErrorBody;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the feeds app once per test class on the stack a subclass provides, and offers the helpers
 * the API tests share. Every test works on its own tags, so tests do not see each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FeedsApiContract {

  protected FeedsHarness harness;
  protected ApiClient api;

  /** A new stack for this test class; closed after the app. */
  protected abstract FeedsStack newStack();

  @BeforeAll
  void startApp() {
    harness = new FeedsHarness(newStack());
    api = new ApiClient(harness.baseUrl());
  }

  @AfterAll
  void stopApp() {
    if (harness != null) {
      harness.close();
      harness.stack().close();
    }
  }

  /** A tag no other test uses. */
  protected static String newTag() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Waits until feed {@code name} (as JSON) satisfies {@code condition}; returns it. */
  protected JsonNode awaitFeed(String name, java.util.function.Predicate<JsonNode> condition) {
    var found = new JsonNode[1];
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () -> {
              var response = api.get("/api/feeds/" + name);
              if (response.status() != 200) {
                return false;
              }
              found[0] = response.json();
              return condition.test(found[0]);
            });
    return found[0];
  }

  /** The ids of the posts of a feed JSON, in order. */
  protected static List<String> ids(JsonNode feed) {
    var ids = new ArrayList<String>();
    feed.get("posts").forEach(post -> ids.add(post.get("id").asText()));
    return ids;
  }

  /** The count of feed {@code name} in a feed-list JSON, or -1 when absent. */
  protected static long count(JsonNode feedList, String name) {
    return StreamSupport.stream(feedList.get("feeds").spliterator(), false)
        .filter(feed -> feed.get("name").asText().equals(name))
        .mapToLong(feed -> feed.get("posts").asLong())
        .findFirst()
        .orElse(-1);
  }

  protected static void assertJsonError(ApiClient.Response response, int status) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json().path("error").asText()).isEqualTo(ErrorBody.codeFor(status));
    assertThat(response.json().path("message").asText()).isNotBlank();
  }

  protected String post(String title, String content) {
    return api.createPost(title, content);
  }

  protected static String body(String title, String content) {
    return json("title", title, "content", content);
  }
}
