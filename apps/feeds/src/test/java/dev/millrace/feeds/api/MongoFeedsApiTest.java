package dev.millrace.feeds.api;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.millrace.feeds.readmodel.mongo.MongoFeedReadModel;
import dev.millrace.feeds.support.FeedsStack;
import dev.millrace.feeds.support.ProductionStack;

/**
 * The API suite on MariaDB (write model and outbox), NATS JetStream and the MongoDB read model. No
 * MongoDB server can be installed on the build machine: the official driver talks the real wire
 * protocol to mongo-java-server's in-memory backend.
 */
class MongoFeedsApiTest extends FeedsApiSuite {

  @Override
  protected FeedsStack newStack() {
    return new ProductionStack(
        () -> {
          var server = new MongoServer(new MemoryBackend());
          var address = server.bind();
          var client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
          return new ProductionStack.ReadSide(
              MongoFeedReadModel.create(client.getDatabase("feeds")),
              () -> {
                client.close();
                server.shutdownNow();
              });
        });
  }
}
