package dev.millrace.feeds.support;

import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import dev.millrace.nats.JetStreamPubSub;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.Nats;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The production engines on loopback: MariaDB write model, NATS JetStream (a stream of its own),
 * and a read model the caller chooses (shared SQL on PostgreSQL by default).
 */
public final class ProductionStack implements FeedsStack {

  public static final String NATS_URL = "nats://127.0.0.1:4222";

  private final TestDatabase writeDatabase = TestDatabase.mariadb();
  private final JetStreamPubSubOptions natsOptions;
  private final JetStreamPubSub pubSub;
  private final FeedReadModel readModel;
  private final AutoCloseable readStore;

  /**
   * @param readModels opens the read model and returns it with whatever must be closed after it
   */
  public ProductionStack(java.util.function.Supplier<ReadSide> readModels) {
    natsOptions =
        JetStreamPubSubOptions.forPrefix(
            "feedstest" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    pubSub = JetStreamPubSub.create(NATS_URL, natsOptions);
    var readSide = readModels.get();
    readModel = readSide.readModel();
    readStore = readSide.store();
  }

  /** A read model and the store to close after it. */
  public record ReadSide(FeedReadModel readModel, AutoCloseable store) {}

  /** MariaDB + NATS + the shared SQL read model on PostgreSQL. */
  public static ProductionStack withPostgresReadModel() {
    return new ProductionStack(
        () -> {
          var database = TestDatabase.postgres();
          return new ReadSide(JdbcFeedReadModel.create(database.dataSource()), database);
        });
  }

  @Override
  public Publisher publisher() {
    return pubSub;
  }

  @Override
  public Subscriber subscriber() {
    return pubSub;
  }

  @Override
  public DataSource writeDataSource() {
    return writeDatabase.dataSource();
  }

  @Override
  public FeedReadModel readModel() {
    return readModel;
  }

  @Override
  public void close() {
    pubSub.close();
    deleteStream();
    readModel.close();
    try {
      readStore.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the read store", e);
    }
    writeDatabase.close();
  }

  private void deleteStream() {
    try (var connection = Nats.connect(NATS_URL)) {
      connection.jetStreamManagement().deleteStream(natsOptions.streamName());
    } catch (Exception e) {
      throw new IllegalStateException("cannot delete stream " + natsOptions.streamName(), e);
    }
  }
}
