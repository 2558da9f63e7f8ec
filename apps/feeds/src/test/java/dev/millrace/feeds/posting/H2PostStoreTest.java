package dev.millrace.feeds.posting;

import dev.millrace.feeds.support.TestDatabase;

class H2PostStoreTest extends JdbcPostStoreContract {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
