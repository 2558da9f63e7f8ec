package dev.millrace.buildlogs.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The browser UI: static assets under {@code /builds/assets/}, and the single page for every other
 * path under {@code /builds/} (the page routes on the path itself).
 */
public final class Ui {

  static final String ROOT = "webroot/buildlogs";

  /**
   * Scripts from the app's origin only, never inline (no {@code <script>} blocks, no {@code on…}
   * attributes), and no inline styles: Vue sets the log's 256- and true-colour styles through the
   * CSSOM, which the policy does not restrict. {@code 'unsafe-eval'} stays because Vue's full build
   * compiles the page's templates in the browser with {@code new Function}. The live connection
   * runs in a worker of the same origin.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  private Ui() {}

  public static void mount(Router router, String base) {
    var page = load(ROOT + "/index.html");
    router
        .route(base + "/assets/*")
        .handler(
            StaticHandler.create(ROOT + "/assets")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(300)
                .setDirectoryListing(false));
    router
        .get(base)
        .handler(
            ctx -> {
              if (ctx.request().path().endsWith("/")) {
                ctx.next(); // Vert.x matches "/builds" for "/builds/" too
              } else {
                ctx.redirect(base + "/");
              }
            });
    router
        .get(base + "/*")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "same-origin")
                    .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .end(page));
  }

  private static Buffer load(String resource) {
    try (var in = Ui.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing UI resource " + resource);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
