package dev.millrace.feeds.support;

import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.feeds.readmodel.FeedReadModel;
import javax.sql.DataSource;

/**
 * The infrastructure one configuration of the feeds app runs on (databases, pub/sub, read model).
 * The API test suite runs once per implementation: the embedded default, and the production stack.
 */
public interface FeedsStack extends AutoCloseable {

  Publisher publisher();

  Subscriber subscriber();

  DataSource writeDataSource();

  FeedReadModel readModel();

  /** Closes everything this stack created, after the app using it was closed. */
  @Override
  void close();
}
