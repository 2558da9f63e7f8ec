package dev.millrace.feeds.hub;

import dev.millrace.hub.MercureLinks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Discovery: {@code GET /feeds}, {@code /feeds/:name} and {@code /posts/:id} answer with {@code
 * Link: <hub>; rel="mercure"} and {@code Link: <topic>; rel="self"}, whether as JSON or as a
 * stream, and also when the resource does not exist yet: a client may follow a feed before its
 * first post. Mounted ahead of the routes that answer.
 */
public final class HubLinks {

  private final String hubUrl;
  private final HubTopics topics;

  /**
   * @param hubUrl the hub's URL
   * @param apiUrl the absolute URL the API is mounted at, such as {@code https://host/api}
   */
  public HubLinks(String hubUrl, String apiUrl) {
    this.hubUrl = hubUrl;
    this.topics = new HubTopics(apiUrl);
  }

  /** Adds the link handlers to {@code router} under {@code base}, before the API's own routes. */
  public void addTo(Router router, String base) {
    router.get(base + "/feeds").handler(ctx -> advertise(ctx, topics.feedList()));
    router
        .get(base + "/feeds/:name")
        .handler(ctx -> advertise(ctx, topics.feed(ctx.pathParam("name"))));
    router
        .get(base + "/posts/:id")
        .handler(ctx -> advertise(ctx, topics.post(ctx.pathParam("id"))));
  }

  private void advertise(RoutingContext ctx, String topic) {
    MercureLinks.advertise(ctx.response(), hubUrl, topic);
    ctx.next();
  }
}
