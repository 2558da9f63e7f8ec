package dev.millrace.testkit;

import dev.millrace.core.deadletter.DeadLetterStore;
import dev.millrace.core.deadletter.InMemoryDeadLetterStore;

class InMemoryDeadLetterStoreContractTest extends DeadLetterStoreContractTest {

  @Override
  protected DeadLetterStore createStore() {
    return InMemoryDeadLetterStore.create();
  }
}
