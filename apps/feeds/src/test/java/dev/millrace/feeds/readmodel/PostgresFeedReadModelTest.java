package dev.millrace.feeds.readmodel;

import dev.millrace.feeds.support.TestDatabase;

class PostgresFeedReadModelTest extends FeedReadModelContract {

  private TestDatabase database;

  @Override
  protected FeedReadModel newReadModel() {
    database = TestDatabase.postgres();
    return JdbcFeedReadModel.create(database.dataSource());
  }

  @Override
  protected void release() {
    if (database != null) {
      database.close();
    }
  }
}
