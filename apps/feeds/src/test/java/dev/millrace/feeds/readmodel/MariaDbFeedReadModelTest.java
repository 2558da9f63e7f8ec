package dev.millrace.feeds.readmodel;

import dev.millrace.feeds.support.TestDatabase;

class MariaDbFeedReadModelTest extends FeedReadModelContract {

  private TestDatabase database;

  @Override
  protected FeedReadModel newReadModel() {
    database = TestDatabase.mariadb();
    return JdbcFeedReadModel.create(database.dataSource());
  }

  @Override
  protected void release() {
    if (database != null) {
      database.close();
    }
  }
}
