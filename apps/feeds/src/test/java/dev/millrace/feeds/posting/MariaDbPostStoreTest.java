package dev.millrace.feeds.posting;

import dev.millrace.feeds.support.TestDatabase;

class MariaDbPostStoreTest extends JdbcPostStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.mariadb();
  }
}
