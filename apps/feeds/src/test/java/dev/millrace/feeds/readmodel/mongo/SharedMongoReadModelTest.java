package dev.millrace.feeds.readmodel.mongo;

import static dev.millrace.feeds.support.Posts.edited;
import static dev.millrace.feeds.support.Posts.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.readmodel.ReadModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several nodes sharing one MongoDB read model (mongo-java-server, in memory). */
class SharedMongoReadModelTest {

  private MongoServer server;
  private String url;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    url = "mongodb://127.0.0.1:" + server.bind().getPort() + "/feeds";
  }

  @AfterEach
  void stop() throws Exception {
    for (var closeable : opened.reversed()) {
      closeable.close();
    }
    server.shutdownNow();
  }

  @Test
  void eachVersionChangesTheStoreOnceWhateverNodeAppliesIt() throws Exception {
    var nodes = List.of(node(), node(), node());
    var versions = new ArrayList<Post>();
    versions.add(post("#a", 100));
    for (int i = 0; i < 5; i++) {
      versions.add(edited(versions.getLast(), "#a #v" + i));
    }
    var tasks = new ArrayList<Callable<Projection>>();
    var appliedVersions = new ArrayList<Long>();
    for (var node : nodes) {
      for (var version : versions.reversed()) {
        tasks.add(() -> node.apply(version)); // every node sees every version, newest first
        appliedVersions.add(version.version());
      }
    }

    var changesPerVersion = new TreeMap<Long, Integer>();
    try (var pool = Executors.newFixedThreadPool(6)) {
      var futures = pool.invokeAll(tasks);
      for (int i = 0; i < futures.size(); i++) {
        if (futures.get(i).get().changed()) {
          changesPerVersion.merge(appliedVersions.get(i), 1, Integer::sum);
        }
      }
    }

    // No version is applied twice, and the newest one is applied exactly once.
    assertThat(changesPerVersion.values()).allMatch(count -> count == 1);
    assertThat(changesPerVersion.lastKey()).isEqualTo(versions.getLast().version());
    for (var node : nodes) {
      assertThat(node.post(versions.getFirst().id())).contains(versions.getLast());
    }
  }

  @Test
  void storesOneDocumentPerPostWithItsFeeds() {
    var readModel = node();
    var post = post("hello #java #go", 100);
    readModel.apply(post);
    readModel.apply(edited(post, "hello #java"));

    try (MongoClient client = MongoClients.create(url)) {
      var documents =
          client
              .getDatabase("feeds")
              .getCollection(MongoFeedReadModel.COLLECTION)
              .find()
              .into(new ArrayList<Document>());
      assertThat(documents).hasSize(1);
      assertThat(documents.getFirst().getList("feeds", String.class))
          .containsExactly(FeedReadModel.ALL_POSTS, "java");
      assertThat(documents.getFirst().getLong("version")).isEqualTo(2);
      var indexes =
          client
              .getDatabase("feeds")
              .getCollection(MongoFeedReadModel.COLLECTION)
              .listIndexes()
              .map(index -> index.getString("name"))
              .into(new ArrayList<>());
      assertThat(indexes).contains("feed_newest_first");
    }
  }

  @Test
  void failsFastWhenNoServerAnswersAndHidesThePassword() {
    assertThatThrownBy(
            () ->
                MongoFeedReadModel.connect(
                    "mongodb://reader:secret@127.0.0.1:1/feeds?serverSelectionTimeoutMS=300"))
        .isInstanceOf(ReadModelException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("secret");
  }

  private MongoFeedReadModel node() {
    var readModel = MongoFeedReadModel.connect(url);
    opened.add(readModel);
    return readModel;
  }
}
