package dev.millrace.feeds.readmodel.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.FeedReadModelContract;

/**
 * The read model's rules on MongoDB. No MongoDB server can be installed on the build machine: the
 * official driver talks the real wire protocol to mongo-java-server's in-memory backend.
 */
class MongoFeedReadModelTest extends FeedReadModelContract {

  private MongoServer server;
  private MongoClient client;

  @Override
  protected FeedReadModel newReadModel() {
    server = new MongoServer(new MemoryBackend());
    var address = server.bind();
    client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    return MongoFeedReadModel.create(client.getDatabase("feeds"));
  }

  @Override
  protected void release() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }
}
