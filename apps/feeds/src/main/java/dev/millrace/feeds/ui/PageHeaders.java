package dev.millrace.feeds.ui;

import io.vertx.ext.web.RoutingContext;

/**
 * The security headers of the UI's HTML pages. The Content-Security-Policy allows scripts from the
 * app's own origin only, never inline ones (no {@code <script>} blocks, no {@code on…} attributes),
 * and no inline styles either: Vue sets dynamic styles through the CSSOM, which the policy does not
 * restrict. {@code 'unsafe-eval'} stays because the page's templates are compiled in the browser by
 * Vue's full build, which uses {@code new Function}.
 */
public final class PageHeaders {

  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  private PageHeaders() {}

  /** Adds the headers when the request is for an HTML page; then passes the request on. */
  public static void handle(RoutingContext ctx) {
    var path = ctx.request().path();
    if (path.endsWith(".html") || path.endsWith("/")) {
      ctx.response()
          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "same-origin");
    }
    ctx.next();
  }
}
