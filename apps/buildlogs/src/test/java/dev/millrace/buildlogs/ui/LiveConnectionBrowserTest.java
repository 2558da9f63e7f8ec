package dev.millrace.buildlogs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.Chromium;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tabs of one browser share one live connection, and it comes back by itself after failures. */
@Tag("browser")
class LiveConnectionBrowserTest {

  static final double WAIT_MS = 30_000;

  static TestServer server;
  static Chromium chromium;
  BrowserContext context;

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
  void newContext() {
    context = chromium.newContext();
    context.setDefaultTimeout(WAIT_MS);
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  @Test
  void eightTabsOfARunningStepAllFollowItOnOneConnection() {
    var runner = new Runner(server, "acme", "tabs");
    runner.createBuild(List.of("compile", "test"), List.of());
    runner.setStatus(1, 1, "success");
    runner.setStatus(1, 2, "running");
    runner.appendRange(1, 2, 1, 5, "before the tabs ");

    var tabs = new ArrayList<Page>();
    for (int i = 0; i < 8; i++) {
      var tab = context.newPage();
      tab.navigate(server.url("/builds/acme/tabs/1/steps/2"));
      tabs.add(tab);
    }
    for (var tab : tabs) {
      tab.locator("#L5").waitFor();
      tab.waitForCondition(() -> "live".equals(tab.locator("#stream-state").textContent()));
    }
    assertThat(server.openStreams("LiveStream")).as("one connection for all eight tabs").isOne();

    for (int batch = 1; batch <= 3; batch++) {
      int from = 5 + (batch - 1) * 10 + 1;
      runner.appendRange(1, 2, from, from + 9, "batch " + batch + " line ");
      for (var tab : tabs) {
        tab.locator("#L" + (from + 9)).waitFor();
      }
    }
    for (var tab : tabs) {
      assertThat(lineNumbers(tab)).as("every line once, in order").isEqualTo(range(1, 35));
      assertThat(Chromium.cspViolations(tab)).isEmpty();
    }
    assertThat(server.openStreams("LiveStream")).isOne();
    Chromium.screenshot(tabs.get(7), "buildlogs-tab-8.png");

    runner.setStatus(1, 2, "success");
    for (var tab : tabs) {
      tab.locator("#log-end").waitFor();
      assertThat(tab.locator("#stream-state").textContent()).isEqualTo("finished");
    }
  }

  @Test
  void resumesWithoutLosingALineAfterACutConnectionAndA503() {
    var runner = new Runner(server, "acme", "flaky");
    runner.createBuild(List.of("test"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 20, "first ");

    var page = context.newPage();
    page.navigate(server.url("/builds/acme/flaky/1/steps/1"));
    page.locator("#L20").waitFor();
    page.waitForCondition(() -> "live".equals(page.locator("#stream-state").textContent()));
    page.evaluate(
        "() => { window.states = [];"
            + " const badge = document.getElementById('stream-state');"
            + " new MutationObserver(() => window.states.push(badge.textContent))"
            + ".observe(badge, { childList: true, characterData: true, subtree: true }); }");
    int requestsBefore = server.liveFaults().requests();

    server.liveFaults().refuseNext(1);
    assertThat(server.liveFaults().cutAll()).isOne();
    runner.appendRange(1, 1, 21, 40, "while away ");

    page.locator("#L40").waitFor();
    page.waitForCondition(() -> "live".equals(page.locator("#stream-state").textContent()));
    assertThat(server.liveFaults().refused()).as("the first reconnect got 503").isOne();
    assertThat(server.liveFaults().requests() - requestsBefore)
        .as("503, then the stream that resumed")
        .isEqualTo(2);
    assertThat(page.evaluate("() => window.states")).asList().contains("reconnecting…", "live");

    runner.appendRange(1, 1, 41, 45, "after ");
    page.locator("#L45").waitFor();
    assertThat(lineNumbers(page)).as("no line lost or repeated").isEqualTo(range(1, 45));
    assertThat(page.locator("#L21 .text").textContent()).isEqualTo("while away 21");
  }

  @Test
  void withoutSharedWorkersEachTabKeepsItsOwnResumingConnection() {
    context.addInitScript("delete window.SharedWorker;");
    var runner = new Runner(server, "acme", "dedicated");
    runner.createBuild(List.of("test"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 3, "first ");
    var tabs = List.of(context.newPage(), context.newPage());
    for (var tab : tabs) {
      tab.navigate(server.url("/builds/acme/dedicated/1/steps/1"));
      tab.locator("#L3").waitFor();
      assertThat(tab.evaluate("() => typeof SharedWorker")).isEqualTo("undefined");
    }
    tabs.getFirst()
        .waitForCondition(
            () -> server.openStreams("LiveStream") == 2,
            new Page.WaitForConditionOptions().setTimeout(10_000));

    server.liveFaults().cutAll();
    runner.appendRange(1, 1, 4, 10, "later ");
    for (var tab : tabs) {
      tab.locator("#L10").waitFor();
      assertThat(lineNumbers(tab)).isEqualTo(range(1, 10));
    }
  }

  static List<Integer> lineNumbers(Page page) {
    @SuppressWarnings("unchecked")
    var numbers =
        (List<Integer>)
            page.evaluate(
                "() => [...document.querySelectorAll('#log .line .ln')].map(a => Number(a.textContent))");
    return numbers;
  }

  static List<Integer> range(int from, int to) {
    var numbers = new ArrayList<Integer>();
    for (int n = from; n <= to; n++) {
      numbers.add(n);
    }
    return numbers;
  }
}
