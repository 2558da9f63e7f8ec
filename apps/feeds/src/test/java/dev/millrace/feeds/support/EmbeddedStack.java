package dev.millrace.feeds.support;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.JdbcFeedReadModel;
import javax.sql.DataSource;

/** The embedded default: H2 write model and read model, in-process pub/sub. */
public final class EmbeddedStack implements FeedsStack {

  private final TestDatabase writeDatabase;
  private final TestDatabase readDatabase;
  private final InProcessPubSub pubSub = InProcessPubSub.create();
  private final FeedReadModel readModel;

  public EmbeddedStack(TestDatabase writeDatabase, TestDatabase readDatabase) {
    this.writeDatabase = writeDatabase;
    this.readDatabase = readDatabase;
    this.readModel = JdbcFeedReadModel.create(readDatabase.dataSource());
  }

  /** In-memory H2 databases. */
  public static EmbeddedStack inMemory() {
    return new EmbeddedStack(TestDatabase.h2(), TestDatabase.h2());
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
    readModel.close();
    readDatabase.close();
    writeDatabase.close();
  }
}
