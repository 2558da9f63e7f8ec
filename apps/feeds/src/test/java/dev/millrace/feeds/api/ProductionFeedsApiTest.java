package dev.millrace.feeds.api;

import dev.millrace.feeds.support.FeedsStack;
import dev.millrace.feeds.support.ProductionStack;

/**
 * The API suite on the production engines: MariaDB write model and outbox, NATS JetStream, and the
 * shared SQL read model on PostgreSQL.
 */
class ProductionFeedsApiTest extends FeedsApiSuite {

  @Override
  protected FeedsStack newStack() {
    return ProductionStack.withPostgresReadModel();
  }
}
