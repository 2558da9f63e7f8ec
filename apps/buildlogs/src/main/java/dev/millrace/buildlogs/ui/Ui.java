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
                    .putHeader(
                        "Content-Security-Policy",
                        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'"
                            + " 'unsafe-inline'; img-src 'self' data:; connect-src 'self'")
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
