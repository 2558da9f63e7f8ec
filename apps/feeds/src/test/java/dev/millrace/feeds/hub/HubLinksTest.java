package dev.millrace.feeds.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.sse.ErrorBody;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubLinksTest {

  private static final String HUB = "https://feeds.example.com/.well-known/mercure";
  private static final String API = "https://feeds.example.com/api";

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    var router = Router.router(vertx);
    new HubLinks(HUB, API).addTo(router, "/api");
    router.get("/api/feeds").handler(ctx -> ctx.end("list"));
    router.get("/api/feeds/:name").handler(ctx -> ctx.end("feed " + ctx.pathParam("name")));
    router
        .get("/api/posts/:id")
        .handler(ctx -> ErrorBody.send(ctx.response(), 404, "no post " + ctx.pathParam("id")));
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theFeedListAFeedAndAPostAdvertiseTheHubAndTheirOwnTopic() throws Exception {
    var list = get("/api/feeds");
    var feed = get("/api/feeds/%C3%A9t%C3%A9?before=x&limit=5");
    var unknownPost = get("/api/posts/123");

    assertThat(list.body()).isEqualTo("list");
    assertThat(list.headers().allValues("Link"))
        .containsExactly("<" + HUB + ">; rel=\"mercure\"", "<" + API + "/feeds>; rel=\"self\"");
    assertThat(feed.body()).isEqualTo("feed été");
    assertThat(feed.headers().allValues("Link"))
        .containsExactly(
            "<" + HUB + ">; rel=\"mercure\"", "<" + API + "/feeds/%C3%A9t%C3%A9>; rel=\"self\"");
    assertThat(unknownPost.statusCode()).isEqualTo(404);
    assertThat(unknownPost.headers().allValues("Link"))
        .as("a resource that does not exist yet can be followed")
        .containsExactly("<" + HUB + ">; rel=\"mercure\"", "<" + API + "/posts/123>; rel=\"self\"");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
