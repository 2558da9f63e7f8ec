package dev.millrace.buildlogs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.Chromium;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Headless Chromium watches a mock build run to completion in the UI. */
@Tag("browser")
class BuildLogsBrowserTest {

  static final double LONG = 90_000;

  static TestServer server;
  static Chromium chromium;
  static Browser browser;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.h2(), s -> s.withMockRunner(true));
    chromium = Chromium.launch();
    browser = chromium.browser();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    server.close();
  }

  @Test
  void watchesAMockBuildRunToCompletion() {
    var started =
        server.send(
            "POST", "/api/demo/builds", "{\"repo\":\"browser\",\"linesPerSecond\":40,\"scale\":8}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    var page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
    page.setDefaultTimeout(LONG);

    page.navigate(server.url("/builds/"));
    page.locator("a.build-link[href='/builds/demo/browser/1']").click();
    // The build page selects its running step itself (replaceState), at times before the page's
    // load event: either address is the build page.
    page.waitForURL(java.util.regex.Pattern.compile(".*/builds/demo/browser/1(/steps/\\d+)?$"));
    page.locator("#steps a", new Page.LocatorOptions().setHasText("test")).click();
    page.waitForURL("**/steps/3");

    var lines = page.locator("#log .line");
    lines.first().waitFor();
    assertThat(page.locator("#stream-state").textContent()).isEqualTo("live");
    int seen = lines.count();
    page.waitForCondition(() -> lines.count() > seen + 20);
    assertThat(page.locator("#log-end").count()).as("lines arrive before the end").isZero();
    screenshot(page, "buildlogs-live.png");

    var green = page.locator("#log span.ansi-fg-2").first();
    assertThat(green.evaluate("e => getComputedStyle(e).color")).isEqualTo("rgb(63, 185, 80)");
    assertThat(page.locator("#log span.ansi-bold").count()).isPositive();

    var box = page.locator("#log");
    page.waitForCondition(
        () -> (boolean) box.evaluate("e => e.scrollHeight > e.clientHeight + 200"));
    page.waitForCondition(() -> atBottom(box));

    box.evaluate("e => { e.scrollTop = 0; e.dispatchEvent(new Event('scroll')); }");
    int before = lines.count();
    page.waitForCondition(() -> lines.count() > before + 10);
    assertThat((int) box.evaluate("e => e.scrollTop"))
        .as("no auto-scroll after scrolling up")
        .isZero();
    assertThat(page.locator("label[for=follow]").textContent()).contains("paused");

    box.evaluate("e => { e.scrollTop = e.scrollHeight; e.dispatchEvent(new Event('scroll')); }");
    int back = lines.count();
    page.waitForCondition(() -> lines.count() > back + 5 || page.locator("#log-end").count() > 0);

    page.locator("#log-end").waitFor();
    assertThat(page.locator("#log-end").textContent()).contains("success");
    assertThat(atBottom(box)).as("follow mode keeps the end in view").isTrue();
    assertThat(page.locator("#stream-state").textContent()).isEqualTo("finished");
    page.locator("#steps a[data-status=success]", new Page.LocatorOptions().setHasText("test"))
        .waitFor();
    screenshot(page, "buildlogs-finished.png");

    var rawLines =
        (int)
            Json.parse(
                    server
                        .send(
                            "GET",
                            "/api/v1/repos/demo/browser/builds/1/steps/3/logs?from=0&limit=5000",
                            null)
                        .body())
                .get("lines")
                .size();
    assertThat(lines.count()).isEqualTo(rawLines);
    page.close();
  }

  @Test
  void rendersMarkupInLinesAsTextAndLinksLineNumbers() {
    var runner = new Runner(server, "acme", "escape");
    runner.createBuild(List.of("hostile"), List.of());
    var hostile = "<img src=x onerror=\"window.pwned=1\"><b>not bold</b> \u001b[31mred\u001b[0m";
    assertThat(
            runner
                .append(1, 1, "{\"lines\":[{\"number\":1,\"text\":" + Json.quote(hostile) + "}]}")
                .statusCode())
        .isEqualTo(200);
    runner.setStatus(1, 1, "success");

    var page = browser.newPage();
    page.setDefaultTimeout(LONG);
    page.navigate(server.url("/builds/acme/escape/1/steps/1"));
    page.locator("#log-end")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));

    assertThat(page.locator("#log img").count()).isZero();
    assertThat(page.locator("#log b").count()).isZero();
    assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
    assertThat(page.locator("#L1 .text").textContent())
        .isEqualTo("<img src=x onerror=\"window.pwned=1\"><b>not bold</b> red");
    assertThat(page.locator("#L1 .ansi-fg-1").textContent()).isEqualTo("red");
    assertThat(page.locator("#L1 a.ln").getAttribute("href")).isEqualTo("#L1");
    page.close();
  }

  private static boolean atBottom(Locator box) {
    return (boolean) box.evaluate("e => e.scrollTop + e.clientHeight >= e.scrollHeight - 10");
  }

  private static void screenshot(Page page, String name) {
    Chromium.screenshot(page, name);
  }
}
