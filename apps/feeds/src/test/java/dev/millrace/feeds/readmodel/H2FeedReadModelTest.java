package dev.millrace.feeds.readmodel;

import dev.millrace.feeds.support.TestDatabase;

class H2FeedReadModelTest extends FeedReadModelContract {

  private TestDatabase database;

  @Override
  protected FeedReadModel newReadModel() {
    database = TestDatabase.h2();
    return JdbcFeedReadModel.create(database.dataSource());
  }

  @Override
  protected void release() {
    if (database != null) {
      database.close();
    }
  }
}
