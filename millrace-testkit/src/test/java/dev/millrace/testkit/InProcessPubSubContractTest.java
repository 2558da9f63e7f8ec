package dev.millrace.testkit;

import dev.millrace.core.InProcessPubSub;

/** The in-process pub/sub fulfils the whole contract except durability. */
class InProcessPubSubContractTest extends PubSubContractTest {

  @Override
  protected PubSubUnderTest createPubSub() {
    return PubSubUnderTest.of(InProcessPubSub.create());
  }
}
