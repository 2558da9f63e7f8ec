package dev.millrace.feeds.readmodel.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClients;
import dev.millrace.feeds.readmodel.ReadModelException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** Opens the client of a {@code mongodb://} URL and checks that a server answers. */
final class MongoConnector {

  static final String DEFAULT_DATABASE = "millrace";

  /** How long to look for a server unless the URL sets {@code serverSelectionTimeoutMS}. */
  private static final long SERVER_SELECTION_SECONDS = 5;

  private MongoConnector() {}

  static MongoFeedReadModel connect(String url) {
    ConnectionString connection;
    try {
      connection = new ConnectionString(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a MongoDB connection string: " + redact(url), e);
    }
    var settings =
        MongoClientSettings.builder()
            .applyToClusterSettings(
                cluster ->
                    cluster.serverSelectionTimeout(SERVER_SELECTION_SECONDS, TimeUnit.SECONDS))
            .applyConnectionString(connection)
            .build();
    var client = MongoClients.create(settings);
    try {
      var name = connection.getDatabase() == null ? DEFAULT_DATABASE : connection.getDatabase();
      var database = client.getDatabase(name);
      database.runCommand(new Document("ping", 1));
      return new MongoFeedReadModel(database, client);
    } catch (MongoException | ReadModelException e) {
      client.close();
      throw new ReadModelException("MongoDB read model unreachable at " + redact(url), e);
    }
  }

  /** The URL without its password. */
  static String redact(String url) {
    return url.replaceFirst("//([^:/@]+):[^@/]*@", "//$1:***@");
  }
}
