package dev.millrace.buildlogs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.Chromium;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The builds list and a build's page follow statuses live, in the viewer's time zone. */
@Tag("browser")
class BuildPagesBrowserTest {

  static TestServer server;
  static Chromium chromium;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    server.close();
  }

  @BeforeEach
  void newPage() {
    context =
        chromium
            .browser()
            .newContext(
                new Browser.NewContextOptions()
                    .setViewportSize(1280, 800)
                    .setTimezoneId("Asia/Tokyo")
                    .setLocale("en-US"));
    context.setDefaultTimeout(30_000);
    page = context.newPage();
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Test
  void theBuildsListFollowsNewBuildsAndStatusesInTheViewersTimeZone() {
    page.navigate(server.url("/builds/"));
    page.locator("#builds").waitFor();
    var runner = new Runner(server, "acme", "listed");
    runner.createBuild(List.of("compile", "test"), List.of());
    var row = page.locator("tr[data-build='acme/listed/1']");
    row.waitFor();
    assertThat(row.locator(".build-status").textContent()).isEqualTo("pending");

    runner.setStatus(1, 1, "running");
    page.waitForCondition(() -> row.locator(".build-status").textContent().equals("running"));
    page.waitForCondition(() -> row.locator(".build-duration").textContent().matches("\\d+s"));
    assertThat(row.locator("time").getAttribute("title")).contains("GMT+0900");

    runner.setStatus(1, 1, "success");
    runner.setStatus(1, 2, "success");
    page.waitForCondition(() -> row.locator(".build-status").textContent().equals("success"));
    var duration = row.locator(".build-duration").textContent();
    page.waitForTimeout(1_100);
    assertThat(row.locator(".build-duration").textContent())
        .as("a finished build's duration stops")
        .isEqualTo(duration);
  }

  @Test
  void aTimedOutStepFailsOnItsPageWithItsMarkerLine() {
    var runner = new Runner(server, "acme", "stuck");
    runner.createBuild(List.of("setup", "integration"), List.of());
    runner.setStatus(1, 1, "success");
    runner.setStatus(1, 2, "running");
    runner.appendRange(1, 2, 1, 12, "waiting for the database ... attempt ");
    page.navigate(server.url("/builds/acme/stuck/1"));
    page.waitForURL("**/steps/2");
    page.locator("#L12").waitFor();
    var step =
        page.locator("#steps a[data-status]", new Page.LocatorOptions().setHasText("integration"));
    assertThat(step.getAttribute("data-status")).isEqualTo("running");

    var timeouts = server.app().stepTimeouts();
    assertThat(timeouts.sweep(System.currentTimeMillis() + timeouts.timeout().toMillis() + 1_000))
        .isOne();

    page.locator("#log-end").waitFor();
    assertThat(page.locator("#L13 .text").textContent())
        .startsWith("Step timed out: no word from its runner");
    assertThat(page.locator("#L13 .ansi-fg-1").count()).isOne();
    page.waitForCondition(() -> "failure".equals(step.getAttribute("data-status")));
    assertThat(step.locator(".step-status").textContent()).isEqualTo("failure (timed out)");
    assertThat(page.locator("#build-status").textContent()).contains("failure");
    assertThat(page.locator("#stream-state").textContent()).isEqualTo("finished");
    Chromium.screenshot(page, "buildlogs-timed-out.png");
  }
}
