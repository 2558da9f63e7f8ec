package dev.millrace.feeds.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.millrace.feeds.support.ApiClient;
import dev.millrace.feeds.support.EmbeddedStack;
import dev.millrace.feeds.support.FeedsHarness;
import dev.millrace.testsupport.Chromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The UI in headless Chromium: two windows stay in sync, edits, random posts, many tabs. */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedsBrowserTest {

  private FeedsHarness harness;
  private ApiClient api;
  private Chromium chromium;

  @BeforeAll
  void start() {
    harness = new FeedsHarness(EmbeddedStack.inMemory());
    api = new ApiClient(harness.baseUrl());
    chromium = Chromium.launch();
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (harness != null) {
      harness.close();
      harness.stack().close();
    }
  }

  @Test
  void twoWindowsSeeEachOthersPostsEditsAndRandomPosts() {
    var tag = "demo" + suffix();
    var author = chromium.newWindow();
    var viewer = chromium.newWindow();
    author.navigate(harness.baseUrl() + "/");
    viewer.navigate(harness.baseUrl() + "/");
    assertThat(viewer.getByTestId("connection")).hasText("Live");

    author.getByTestId("toggle-form").click();
    author.locator("#new-title").fill("Hello from window one");
    author.locator("#new-author").fill("Ada Lovelace");
    author
        .locator("#new-content")
        .fill("Shipping live feeds with #" + tag + " and #Java <b>bold?</b>");
    author.getByRole(AriaRole.BUTTON, exact("Add post")).click();

    var feedLink = viewer.locator("[data-feed='" + tag + "']");
    assertThat(feedLink).containsText("1");
    feedLink.click();
    var card = viewer.locator("article.post");
    assertThat(card).containsText("Hello from window one");
    assertThat(card.locator(".content")).containsText("<b>bold?</b>");
    assertThat(card.locator("a[href='#/feed/java']")).hasText("#Java");

    author.navigate(harness.baseUrl() + "/#/feed/" + tag);
    author
        .getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit").setExact(true))
        .first()
        .click();
    assertThat(author.locator("#edit-title")).hasValue("Hello from window one");
    author.locator("#edit-title").fill("Edited in window one");
    author.getByRole(AriaRole.BUTTON, exact("Update post")).click();
    assertThat(card).containsText("Edited in window one");

    var allPosts = viewer.locator("[data-feed='all-posts'] .badge");
    int before = Integer.parseInt(allPosts.textContent().trim());
    author.getByTestId("random-post").click();
    assertThat(allPosts).hasText(String.valueOf(before + 1));

    assertThat(Chromium.cspViolations(author)).isEmpty();
    assertThat(Chromium.cspViolations(viewer)).isEmpty();
    Chromium.screenshot(author, "feeds-window-1.png");
    Chromium.screenshot(viewer, "feeds-window-2.png");
    author.getByTestId("random-post").click();
    viewer.locator("[data-feed='all-posts']").click();
    assertThat(viewer.locator("article.post")).hasCount(before + 2);
    Chromium.screenshot(viewer, "feeds-all-posts.png");
    author.context().close();
    viewer.context().close();
  }

  @Test
  void contentIsTextNeverMarkup() {
    var tag = "xss" + suffix();
    api.createPost(
        "Sneaky", "<img src=x onerror=\"window.pwned=1\"> <script>window.pwned=2</script> #" + tag);
    var page = chromium.newWindow();
    page.navigate(harness.baseUrl() + "/#/feed/" + tag);

    assertThat(page.locator("article.post .content")).containsText("<img src=x");
    assertThat(page.locator("article.post img")).hasCount(0);
    assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
    page.context().close();
  }

  @Test
  void editFormIsNotOverwrittenWhileTyping() {
    var tag = "edit" + suffix();
    var id = api.createPost("Draft", "Original text #" + tag);
    var page = chromium.newWindow();
    page.navigate(harness.baseUrl() + "/#/edit-post/" + id);
    assertThat(page.locator("#edit-title")).hasValue("Draft");

    page.locator("#edit-title").fill("My unsaved title");
    api.patch(
        "/api/posts/" + id, ApiClient.json("title", "Changed elsewhere", "content", "New #" + tag));

    assertThat(page.getByTestId("changed-elsewhere")).isVisible();
    assertThat(page.locator("#edit-title")).hasValue("My unsaved title");
    page.getByRole(AriaRole.BUTTON, exact("Load latest")).click();
    assertThat(page.locator("#edit-title")).hasValue("Changed elsewhere");
    page.context().close();
  }

  @Test
  void aStaleEditIsRefusedAndTheEditorChoosesToReloadOrOverwrite() {
    var tag = "stale" + suffix();
    var id = api.createPost("First title", "Original #" + tag);
    var page = chromium.newWindow();
    var answer = page.navigate(harness.baseUrl() + "/#/edit-post/" + id);
    assertThat(answer.headers().get("content-security-policy")).doesNotContain("unsafe-inline");
    assertThat(page.locator("#edit-title")).hasValue("First title");

    page.locator("#edit-title").fill("Mine, take one");
    api.patch("/api/posts/" + id, ApiClient.json("title", "Theirs", "content", "Theirs #" + tag));
    assertThat(page.getByTestId("changed-elsewhere")).isVisible();
    page.getByRole(AriaRole.BUTTON, exact("Update post")).click();
    var conflict = page.getByTestId("edit-conflict");
    assertThat(conflict).containsText("Someone else changed this post");
    assertThat(conflict).containsText("version 2");
    assertThat(page.locator("#edit-title")).hasValue("Mine, take one");
    Chromium.screenshot(page, "feeds-stale-edit-conflict.png");

    page.getByTestId("conflict-reload").click();
    assertThat(page.locator("#edit-title")).hasValue("Theirs");
    assertThat(conflict).hasCount(0);

    page.locator("#edit-title").fill("Mine, take two");
    api.patch("/api/posts/" + id, ApiClient.json("title", "Theirs again", "content", "x #" + tag));
    page.getByRole(AriaRole.BUTTON, exact("Update post")).click();
    assertThat(conflict).containsText("version 3");
    page.getByTestId("conflict-overwrite").click();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> api.get("/api/posts/" + id).json().path("version").asLong() == 4);
    var post = api.get("/api/posts/" + id).json();
    assertThat(post.get("title").asText()).isEqualTo("Mine, take two");
    assertThat(Chromium.cspViolations(page)).isEmpty();
    page.context().close();
  }

  @Test
  void eightTabsOfOneBrowserAllStayLive() {
    var tag = "tabs" + suffix();
    api.createPost("Seed", "first #" + tag);
    var context = chromium.newContext();
    var tabs = new ArrayList<Page>();
    for (int i = 0; i < 8; i++) {
      var tab = context.newPage();
      tab.navigate(harness.baseUrl() + "/#/feed/" + tag);
      tabs.add(tab);
    }
    for (var tab : tabs) {
      assertThat(tab.getByTestId("connection")).hasText("Live");
      assertThat(tab.locator("article.post")).hasCount(1);
    }

    api.createPost("Everyone sees this", "second #" + tag);

    for (var tab : tabs) {
      assertThat(tab.locator("article.post").first()).containsText("Everyone sees this");
      assertThat(tab.locator("[data-feed='" + tag + "'] .badge")).hasText("2");
    }
    // all eight tabs share one stream connection through the shared worker
    assertThat(streamConnections()).isEqualTo(1.0);
    Chromium.screenshot(tabs.get(7), "feeds-tab-8.png");
    context.close();
  }

  private double streamConnections() {
    return harness.metrics().find("millrace.sse.connections").gauges().stream()
        .mapToDouble(gauge -> gauge.value())
        .sum();
  }

  private static Page.GetByRoleOptions exact(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }
}
