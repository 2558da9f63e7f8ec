package dev.millrace.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}) driven by Playwright, offline: the
 * Playwright driver is told not to download a browser. One instance per test class; {@link #close}
 * stops the browser and the driver. Not thread-safe (neither is Playwright).
 */
public final class Chromium implements AutoCloseable {

  /** The browser that the tests drive. */
  public static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

  /** Headless, no sandbox (containers), and nothing that talks to the network on its own. */
  public static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run");

  /** Where screenshots go: {@code target/screenshots} of the module under test. */
  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts the driver and the browser (a few seconds). */
  public static Chromium launch() {
    var playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      var browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(EXECUTABLE)
                      .setHeadless(true)
                      .setArgs(FLAGS));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  public Browser browser() {
    return browser;
  }

  /**
   * A new browser context (its own cookies, storage and shared workers) of a laptop size, whose
   * pages record Content-Security-Policy violations ({@link #cspViolations}).
   */
  public BrowserContext newContext() {
    return recordingCspViolations(
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)));
  }

  /** Makes every page of {@code context} record the policy violations it reports. */
  public static BrowserContext recordingCspViolations(BrowserContext context) {
    context.addInitScript(
        "window.__cspViolations = [];"
            + " document.addEventListener('securitypolicyviolation', e =>"
            + " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
    return context;
  }

  /**
   * What the page's Content-Security-Policy blocked so far, as {@code "directive blocked-uri"};
   * needs a context from {@link #newContext} or {@link #recordingCspViolations}.
   */
  @SuppressWarnings("unchecked")
  public static List<String> cspViolations(Page page) {
    var violations = page.evaluate("() => window.__cspViolations");
    if (violations == null) {
      throw new IllegalStateException("this page does not record policy violations");
    }
    return List.copyOf((List<String>) violations);
  }

  /** A new window: a page in a context of its own. */
  public Page newWindow() {
    return newContext().newPage();
  }

  /** Saves what the page shows to {@link #SCREENSHOTS}{@code /name}. */
  public static Path screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var path = SCREENSHOTS.resolve(name);
    page.screenshot(new Page.ScreenshotOptions().setPath(path).setFullPage(true));
    return path;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
