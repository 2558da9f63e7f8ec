package dev.millrace.feeds.api;

import dev.millrace.feeds.support.EmbeddedStack;
import dev.millrace.feeds.support.FeedsStack;

/** The API suite on the embedded default: H2 write and read models, in-process pub/sub. */
class EmbeddedFeedsApiTest extends FeedsApiSuite {

  @Override
  protected FeedsStack newStack() {
    return EmbeddedStack.inMemory();
  }
}
