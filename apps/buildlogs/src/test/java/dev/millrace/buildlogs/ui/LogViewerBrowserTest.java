package dev.millrace.buildlogs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.millrace.buildlogs.testing.Json;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestServer;
import dev.millrace.testsupport.Chromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The log viewer on long, coloured and linked logs. */
@Tag("browser")
class LogViewerBrowserTest {

  static final int LONG_LOG = 100_000;

  static TestServer server;
  static Chromium chromium;
  static Runner big;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    chromium = Chromium.launch();
    big = new Runner(server, "acme", "big");
    big.createBuild(List.of("compile", "test"), List.of());
    big.setStatus(1, 1, "success");
    big.setStatus(1, 2, "running");
    for (int from = 1; from <= LONG_LOG; from += 10_000) {
      big.appendRange(1, 2, from, from + 9_999, "test output line ");
    }
    big.setStatus(1, 2, "failure");
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
    context = chromium.newContext();
    context.setDefaultTimeout(30_000);
    page = context.newPage();
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Test
  void opensAFailedStepAtTheTailOfItsLongLogAndLoadsEarlierLinesOnDemand() {
    page.navigate(server.url("/builds/acme/big/1"));
    page.waitForURL("**/builds/acme/big/1/steps/2");
    page.locator("#log-end").waitFor();
    assertThat(page.locator("#log-end").textContent()).contains("failure", "100000 lines");
    var numbers = LiveConnectionBrowserTest.lineNumbers(page);
    assertThat(numbers).hasSize(500);
    assertThat(numbers.getFirst()).isEqualTo(LONG_LOG - 499);
    assertThat(numbers.getLast()).isEqualTo(LONG_LOG);
    assertThat(page.locator("#line-count").textContent()).isEqualTo("100000 lines");

    page.locator(".load-earlier").click();
    page.locator("#L" + (LONG_LOG - 1499)).waitFor();
    numbers = LiveConnectionBrowserTest.lineNumbers(page);
    assertThat(numbers).hasSize(1500).isSorted();
    assertThat(numbers.getFirst()).isEqualTo(LONG_LOG - 1499);
    page.locator("#log").evaluate("e => { e.scrollTop = 0; }");
    assertThat(page.locator(".gap").textContent()).contains("98500 lines 1–98500 not shown");
    Chromium.screenshot(page, "buildlogs-long-log-tail.png");
  }

  @Test
  void aLineLinkLoadsScrollsAndHighlightsWithoutAReload() {
    page.navigate(server.url("/builds/acme/big/1/steps/2#L50000"));
    var target = page.locator("#L50000");
    target.waitFor();
    page.waitForCondition(() -> target.getAttribute("class").contains("selected"));
    page.waitForCondition(() -> inView(page, "#L50000"));
    page.evaluate("() => { window.sameDocument = true; }");

    page.locator("#L50010 a.ln").click();
    page.waitForCondition(() -> page.locator("#L50010").getAttribute("class").contains("selected"));
    assertThat(page.url()).endsWith("#L50010");
    assertThat(page.evaluate("() => window.sameDocument")).as("no reload").isEqualTo(true);
    assertThat(page.locator("#log .line.selected").count()).isOne();
    assertThat(inView(page, "#L50010")).isTrue();
    Chromium.screenshot(page, "buildlogs-line-link.png");
  }

  @Test
  void aHighlightedLineStaysInViewWhileTheLiveTailGrows() {
    var runner = new Runner(server, "acme", "linked");
    runner.createBuild(List.of("run"), List.of());
    runner.setStatus(1, 1, "running");
    runner.appendRange(1, 1, 1, 100, "line ");
    page.navigate(server.url("/builds/acme/linked/1/steps/1#L30"));
    page.locator("#L30.selected").waitFor();
    page.waitForCondition(() -> inView(page, "#L30"));
    runner.appendRange(1, 1, 101, 300, "more ");
    page.locator("#L300").waitFor();
    assertThat(inView(page, "#L30")).as("the live tail does not scroll the line away").isTrue();
    assertThat(page.locator("#L30").getAttribute("class")).contains("selected");
    assertThat(page.locator("#follow").isChecked()).isFalse();
  }

  @Test
  void rendersRealToolColours() {
    var runner = new Runner(server, "acme", "colours");
    runner.createBuild(List.of("build"), List.of());
    var lines = new ArrayList<String>();
    for (var name : List.of("maven.log", "npm.log", "git.log")) {
      lines.addAll(sample(name));
    }
    lines.add(
        "\u001b[38;5;208m256-colour orange\u001b[0m and \u001b[38;2;255;0;255mtrue-colour magenta\u001b[0m");
    lines.add(
        "\u001b[30;103m WARN \u001b[0m \u001b[1;3;4mbold italic underlined\u001b[0m \u001b[97;41m FAIL \u001b[0m");
    lines.add(
        "\u001b]8;;https://example.com\u001b\\a hyperlink\u001b]8;;\u001b\\ \u001b[2K\u001b[1Gafter erase");
    var body =
        IntStream.range(0, lines.size())
            .mapToObj(i -> "{\"number\":" + (i + 1) + ",\"text\":" + Json.quote(lines.get(i)) + "}")
            .collect(Collectors.joining(",", "{\"lines\":[", "]}"));
    assertThat(runner.append(1, 1, body).statusCode()).isEqualTo(200);
    runner.setStatus(1, 1, "success");

    var answer = page.navigate(server.url("/builds/acme/colours/1/steps/1"));
    assertThat(answer.headers().get("content-security-policy"))
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    page.locator("#log-end").waitFor();
    var success =
        page.locator(
            "#log span.ansi-fg-2.ansi-bold", new Page.LocatorOptions().setHasText("BUILD SUCCESS"));
    assertThat(success.evaluate("e => getComputedStyle(e).color")).isEqualTo("rgb(63, 185, 80)");
    var orange =
        page.locator("#log span", new Page.LocatorOptions().setHasText("256-colour orange")).last();
    assertThat(orange.evaluate("e => getComputedStyle(e).color")).isEqualTo("rgb(255, 135, 0)");
    var warn = page.locator("#log span.ansi-bg-11").first();
    assertThat(warn.evaluate("e => getComputedStyle(e).backgroundColor"))
        .isEqualTo("rgb(210, 153, 34)");
    assertThat(page.locator("#log").textContent())
        .contains("a hyperlink after erase")
        .doesNotContain("8;;");
    assertThat(Chromium.cspViolations(page)).as("inline colours pass the policy").isEmpty();
    Chromium.screenshot(page, "buildlogs-colours.png");

    var download = page.waitForDownload(() -> page.locator("#download-log").click());
    assertThat(download.suggestedFilename()).isEqualTo("acme-colours-1-1.log");
    try {
      var raw = Files.readString(download.path(), StandardCharsets.UTF_8);
      assertThat(raw.lines().toList()).hasSize(lines.size());
      assertThat(raw).startsWith(lines.getFirst() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    var plain = context.newPage();
    plain.navigate(server.url("/api/v1/repos/acme/colours/builds/1/steps/1/logs?ansi=strip"));
    assertThat(plain.locator("body").textContent())
        .contains("[INFO] BUILD SUCCESS", "256-colour orange and true-colour magenta")
        .doesNotContain("\u001b");
  }

  static boolean inView(Page page, String selector) {
    return (boolean)
        page.evaluate(
            "s => { const box = document.getElementById('log').getBoundingClientRect();"
                + " const r = document.querySelector(s).getBoundingClientRect();"
                + " return r.top >= box.top && r.bottom <= box.bottom; }",
            selector);
  }

  static List<String> sample(String name) {
    try (var in = LogViewerBrowserTest.class.getResourceAsStream("/ansi/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
