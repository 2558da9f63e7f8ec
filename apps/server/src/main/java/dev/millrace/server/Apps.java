package dev.millrace.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.buildlogs.BuildLogsApp;
import dev.millrace.buildlogs.BuildLogsSettings;
import dev.millrace.buildlogs.auth.SigningKey;
import dev.millrace.core.deadletter.DeadLetters;
import dev.millrace.feeds.FeedsApp;
import dev.millrace.feeds.FeedsSettings;
import dev.millrace.feeds.hub.HubSettings;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import dev.millrace.feeds.readmodel.mongo.MongoFeedReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Deque;
import java.util.function.UnaryOperator;

/** Starts the two apps on the node's shared resources and mounts them. */
final class Apps {

  private Apps() {}

  /**
   * Opens the databases, starts both apps on the node's pub/sub, mounts them on {@code router} and
   * registers their health checks; everything opened is pushed on {@code closeables} (closed last
   * first). Returns the dead letters of both apps (one table in the write model's database).
   *
   * @param readModels wraps the feeds read model (the identity but in tests)
   * @param feedsHub the hub the feeds advertise and publish their changes to
   */
  static DeadLetters start(
      ServerConfig config,
      Vertx vertx,
      MeterRegistry metrics,
      Router router,
      HealthEndpoint health,
      Deque<AutoCloseable> closeables,
      UnaryOperator<FeedReadModel> readModels,
      PubSub pubSub,
      HubSettings feedsHub) {
    var writeModel = WriteDatabase.open(config.storage());
    closeables.push(writeModel);
    health.add("write-model", WriteDatabase.healthOf(writeModel));

    var nodeId = config.messaging().nodeId();
    var buildLogs =
        BuildLogsApp.start(
            new BuildLogsSettings(
                vertx,
                metrics,
                pubSub.publisher(),
                pubSub.subscriber(),
                writeModel,
                config.access().runnerToken() != null
                    ? config.access().runnerToken()
                    : randomToken(),
                config.access().viewerToken(),
                config.stepLogCapBytes(),
                config.mockRunner(),
                nodeId,
                signingKey(config),
                config.access().trustProxy(),
                config.stepTimeout()));
    closeables.push(buildLogs);

    var readModel = readModels.apply(openReadModel(config.storage(), health, closeables));
    var feeds =
        FeedsApp.start(
            new FeedsSettings(
                    vertx,
                    metrics,
                    pubSub.publisher(),
                    pubSub.subscriber(),
                    writeModel,
                    readModel,
                    nodeId)
                .withHub(feedsHub));
    closeables.push(feeds);

    // What neither app serves falls through to the router's error answers (404, 405).
    buildLogs.mount(router);
    feeds.mount(router);
    return feeds.deadLetters().register(buildLogs.deadLetterReplayer());
  }

  private static FeedReadModel openReadModel(
      StorageConfig storage, HealthEndpoint health, Deque<AutoCloseable> closeables) {
    var url = storage.readModelUrl();
    if (url.startsWith("mongodb")) {
      var mongo = MongoFeedReadModel.connect(url);
      closeables.push(mongo);
      health.add("read-model", () -> mongo.feeds() != null);
      return mongo;
    }
    HikariDataSource dataSource =
        url.equals(StorageConfig.EMBEDDED)
            ? WriteDatabase.openEmbeddedReadModel(storage)
            : WriteDatabase.pool("read-model", url, null, null, 16);
    closeables.push(dataSource);
    health.add("read-model", WriteDatabase.healthOf(dataSource));
    return JdbcFeedReadModel.create(dataSource);
  }

  /** The configured key, else the one kept in the data dir (created on the first start). */
  private static SigningKey signingKey(ServerConfig config) {
    var configured = config.access().signingKey();
    return configured != null
        ? SigningKey.parse(configured)
        : SigningKey.loadOrCreate(config.dataDir().resolve(SigningKey.FILE_NAME));
  }

  private static String randomToken() {
    var bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
