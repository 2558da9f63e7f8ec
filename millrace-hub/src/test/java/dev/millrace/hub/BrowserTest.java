package dev.millrace.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.sse.testing.TestServer;
import dev.millrace.testsupport.Chromium;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A page of another origin subscribes with {@code EventSource} in headless Chromium: the {@code
 * mercureAuthorization} cookie authorizes it (private updates included) when its origin is listed
 * for CORS; a page of an unlisted origin is kept out by the browser.
 */
class BrowserTest {

  private static final String PAGE =
      """
      <!doctype html><html><body><script>
        window.received = []; window.errors = 0;
        const url = new URL(new URLSearchParams(location.search).get('hub'));
        url.searchParams.append('topic', 'https://example.com/books/{id}');
        window.source = new EventSource(url, { withCredentials: true });
        source.onmessage = (e) => received.push(e.lastEventId + ' ' + e.data);
        source.onerror = () => { errors++; };
      </script></body></html>
      """;

  private final TestServer pages = new TestServer();
  private final HubFixture fixture;
  private final Chromium chromium;
  private final String publisher = Jwts.publisher(List.of("*"));
  private final List<String> resumedFrom = new CopyOnWriteArrayList<>();
  private final List<HttpConnection> hubConnections = new CopyOnWriteArrayList<>();

  BrowserTest() {
    pages
        .router
        .get("/")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "text/html").end(PAGE));
    fixture =
        new HubFixture(
            HubFixture.OPTIONS.withCorsOrigins(List.of("http://localhost:" + pages.port())));
    fixture
        .server
        .router
        .route()
        .order(-1)
        .handler(
            context -> {
              if (context.request().method() == HttpMethod.GET) {
                hubConnections.add(context.request().connection());
                String id = context.request().getHeader("Last-Event-ID");
                resumedFrom.add(id == null ? "none" : id);
              }
              context.next();
            });
    chromium = Chromium.launch();
  }

  @AfterEach
  void stop() {
    chromium.close();
    fixture.close();
    pages.close();
  }

  @Test
  void aListedOriginSubscribesWithTheCookieAndGetsPrivateUpdates() {
    BrowserContext context = chromium.browser().newContext();
    String token = Jwts.subscriber(List.of("https://example.com/books/{id}"));
    context.addCookies(
        List.of(
            new Cookie("mercureAuthorization", token)
                .setDomain("localhost")
                .setPath("/.well-known/mercure")
                .setHttpOnly(true)));
    Page page = context.newPage();
    page.navigate(pageUrl("localhost"));
    page.waitForFunction("() => window.source.readyState === 1");
    // Dropped before any update: the browser kept the id of the stream's opening id-only frame and
    // resumes from it, so the update published meanwhile is not lost. (A short pause lets it read
    // that frame; nothing in the page shows it.)
    page.waitForTimeout(300);
    hubConnections.forEach(HttpConnection::close);
    fixture.post(publisher, "topic", "https://example.com/books/0", "data", "away", "id", "a0");
    page.waitForFunction("() => window.received.length === 1");
    assertThat(resumedFrom).containsExactly("none", "earliest");

    assertThat(
            fixture
                .post(
                    publisher, "topic", "https://example.com/books/1", "data", "public", "id", "p1")
                .statusCode())
        .isEqualTo(200);
    fixture.post(
        publisher,
        "topic",
        "https://example.com/books/2",
        "data",
        "secret",
        "private",
        "on",
        "id",
        "s2");
    page.waitForFunction("() => window.received.length === 3");
    assertThat(page.evaluate("() => window.received"))
        .isEqualTo(List.of("a0 away", "p1 public", "s2 secret"));
    context.close();
  }

  @Test
  void anUnlistedOriginIsKeptOutByTheBrowser() {
    BrowserContext context = chromium.browser().newContext();
    context.addCookies(
        List.of(
            new Cookie("mercureAuthorization", Jwts.subscriber(List.of("*")))
                .setDomain("localhost")
                .setPath("/")));
    Page page = context.newPage();
    // The same page from 127.0.0.1: another origin, not listed.
    page.navigate(pageUrl("127.0.0.1"));
    page.waitForFunction("() => window.errors > 0");
    fixture.post(publisher, "topic", "https://example.com/books/3", "data", "not for you");
    page.waitForTimeout(300);
    assertThat(page.evaluate("() => window.received.length")).isEqualTo(0);
    context.close();
  }

  private String pageUrl(String host) {
    return "http://"
        + host
        + ":"
        + pages.port()
        + "/?hub="
        + java.net.URLEncoder.encode(
            "http://localhost:" + fixture.server.port() + MercureHub.PATH,
            java.nio.charset.StandardCharsets.UTF_8);
  }
}
