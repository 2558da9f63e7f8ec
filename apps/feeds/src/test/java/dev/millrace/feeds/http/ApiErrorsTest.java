package dev.millrace.feeds.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.feeds.FeedsApp;
import dev.millrace.feeds.generator.RandomPosts;
import dev.millrace.feeds.posting.JdbcPostStore;
import dev.millrace.feeds.posting.Schema;
import dev.millrace.feeds.support.ApiClient;
import dev.millrace.feeds.support.TestDatabase;
import dev.millrace.jdbc.JdbcOutbox;
import dev.millrace.jdbc.OutboxOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.sql.SQLException;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write routes and the API's failure handler, mounted as {@link FeedsApp#mount} mounts them,
 * over an outbox whose message limit a long post exceeds: what the outbox refuses is a 422 with the
 * outbox's reason, and nothing of the request is stored.
 */
class ApiErrorsTest {

  private static final int LIMIT = 2048;

  private final Vertx vertx = Vertx.vertx();
  private final TestDatabase database = TestDatabase.h2();
  private JdbcPostStore store;
  private HttpServer server;
  private ApiClient api;

  @BeforeEach
  void start() throws Exception {
    Schema.migrateWriteModel(database.dataSource());
    var outbox =
        JdbcOutbox.create(
            database.dataSource(),
            OutboxOptions.defaults().withTable(FeedsApp.OUTBOX_TABLE).withMaxMessageBytes(LIMIT));
    outbox.ensureTable();
    store = new JdbcPostStore(database.dataSource(), outbox::append, Clock.systemUTC());
    var router = Router.router(vertx);
    new PostRoutes(vertx, store, new RandomPosts(new SplittableRandom(1))).addTo(router, "/api");
    router.route("/api/*").failureHandler(new ApiErrors());
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    this.api = new ApiClient("http://127.0.0.1:" + server.actualPort());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    database.close();
  }

  @Test
  void aPostTheOutboxRefusesIs422WithTheReasonAndNothingIsStored() throws SQLException {
    var refused = api.post("/api/posts", post("Too long", "x".repeat(3 * LIMIT / 2)));

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/json");
    assertThat(refused.json().get("error").asText()).isEqualTo("unprocessable");
    assertThat(refused.json().get("message").asText()).contains("over the limit of " + LIMIT);
    assertThat(rows("feeds_posts")).isZero();
    assertThat(rows(FeedsApp.OUTBOX_TABLE)).isZero();

    var created = api.post("/api/posts", post("Short", "fits #small"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var id = created.json().get("id").asText();

    var edit = api.patch("/api/posts/" + id, post("Short", "y".repeat(3 * LIMIT / 2)));
    assertThat(edit.status()).as(edit.body()).isEqualTo(422);
    assertThat(edit.json().get("message").asText()).contains("over the limit of " + LIMIT);
    assertThat(store.find(id).orElseThrow().content()).isEqualTo("fits #small");
    assertThat(rows(FeedsApp.OUTBOX_TABLE)).isEqualTo(1);
  }

  private static String post(String title, String content) {
    return "{\"title\":\"" + title + "\",\"content\":\"" + content + "\"}";
  }

  private long rows(String table) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var query = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
        var result = query.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }
}
