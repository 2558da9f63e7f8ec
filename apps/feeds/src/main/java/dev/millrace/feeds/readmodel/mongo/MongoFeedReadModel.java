package dev.millrace.feeds.readmodel.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static dev.millrace.feeds.readmodel.mongo.PostDocuments.CREATED_AT_US;
import static dev.millrace.feeds.readmodel.mongo.PostDocuments.FEEDS;
import static dev.millrace.feeds.readmodel.mongo.PostDocuments.ID;
import static dev.millrace.feeds.readmodel.mongo.PostDocuments.VERSION;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedPage;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.FeedSummary;
import dev.millrace.feeds.readmodel.PageRequest;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.readmodel.ReadModelException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * The read model in MongoDB, with the official driver; several nodes may share one database.
 *
 * <p><b>Document shape: one document per post</b>, holding its latest state, its version and the
 * feeds it belongs to ({@code all-posts} and its tags), with a compound index on {@code (feeds,
 * createdAtUs desc, _id desc)} so that a feed page is one index range scan, newest first. The
 * original kept one document per tag with the posts embedded newest first; that makes a feed one
 * read, but a document grows with its feed up to MongoDB's 16 MiB limit (the all-posts feed would
 * reach it), and an edit must change several documents at once, which needs multi-document
 * transactions (replica sets only) to stay consistent after a crash. Here {@link #apply} is one
 * atomic conditional replace of one document, so it is ordered per post and idempotent without
 * transactions, and a post is in exactly the feeds its stored state says.
 *
 * <p>Thread-safe; blocking (call it from worker or virtual threads).
 */
public final class MongoFeedReadModel implements FeedReadModel {

  /** The collection holding the posts' documents. */
  public static final String COLLECTION = "feed_read_posts";

  private static final int ATTEMPTS = 5;
  private static final Comparator<FeedSummary> FEED_ORDER =
      Comparator.comparing((FeedSummary feed) -> !feed.name().equals(ALL_POSTS))
          .thenComparing(FeedSummary::name);

  private final MongoCollection<Document> posts;
  private final MongoClient ownedClient;

  MongoFeedReadModel(MongoDatabase database, MongoClient ownedClient) {
    this.posts = database.getCollection(COLLECTION);
    this.ownedClient = ownedClient;
    try {
      posts.createIndex(
          Indexes.compoundIndex(
              Indexes.ascending(FEEDS), Indexes.descending(CREATED_AT_US), Indexes.descending(ID)),
          new IndexOptions().name("feed_newest_first"));
    } catch (MongoException e) {
      throw new ReadModelException("could not create the read model's index", e);
    }
  }

  /** The read model in {@code database}, whose client the caller keeps owning. */
  public static MongoFeedReadModel create(MongoDatabase database) {
    return new MongoFeedReadModel(database, null);
  }

  /**
   * Connects to {@code url} ({@code mongodb://host:port/database}; database {@value
   * MongoConnector#DEFAULT_DATABASE} when the URL names none) and fails fast when no server
   * answers. {@link #close()} closes the connection.
   *
   * @throws ReadModelException when the server cannot be reached
   */
  public static MongoFeedReadModel connect(String url) {
    return MongoConnector.connect(url);
  }

  @Override
  public Projection apply(Post post) {
    var replacement = PostDocuments.toDocument(post);
    var after = PostDocuments.feedsOf(post);
    var olderOrAbsent = and(eq(ID, post.id()), lt(VERSION, post.version()));
    var upsert = new FindOneAndReplaceOptions().upsert(true).returnDocument(ReturnDocument.BEFORE);
    try {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          var before = posts.findOneAndReplace(olderOrAbsent, replacement, upsert);
          var affected = new LinkedHashSet<>(PostDocuments.storedFeeds(before));
          affected.addAll(after);
          return new Projection(true, affected);
        } catch (MongoServerException e) {
          if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw e;
          }
          // A version at least as new is stored, or a concurrent first insert won the race.
          var stored =
              posts.find(eq(ID, post.id())).projection(Projections.include(VERSION, FEEDS)).first();
          if (stored != null) {
            long version = stored.get(VERSION, Number.class).longValue();
            if (version > post.version()) {
              return new Projection(false, Set.of());
            }
            if (version == post.version()) {
              return new Projection(false, PostDocuments.storedFeeds(stored));
            }
          }
        }
      }
    } catch (MongoException e) {
      throw new ReadModelException("could not project post " + post.id(), e);
    }
    throw new ReadModelException("could not project post " + post.id() + " after retries", null);
  }

  @Override
  public List<FeedSummary> feeds() {
    try {
      var feeds = new ArrayList<FeedSummary>();
      posts
          .aggregate(
              List.of(
                  Aggregates.project(Projections.include(FEEDS)),
                  Aggregates.unwind("$" + FEEDS),
                  Aggregates.group("$" + FEEDS, Accumulators.sum("posts", 1))))
          .forEach(
              row ->
                  feeds.add(
                      new FeedSummary(
                          row.getString(ID), row.get("posts", Number.class).longValue())));
      feeds.sort(FEED_ORDER);
      return feeds;
    } catch (MongoException e) {
      throw new ReadModelException("read model query failed", e);
    }
  }

  @Override
  public Optional<FeedPage> feed(String name, PageRequest page) {
    try {
      var filter = eq(FEEDS, name);
      if (page.before() != null) {
        var anchor =
            posts
                .find(eq(ID, page.before()))
                .projection(Projections.include(CREATED_AT_US))
                .first();
        if (anchor == null) {
          return Optional.empty();
        }
        long createdAt = anchor.get(CREATED_AT_US, Number.class).longValue();
        filter =
            and(
                filter,
                or(
                    lt(CREATED_AT_US, createdAt),
                    and(eq(CREATED_AT_US, createdAt), lt(ID, page.before()))));
      }
      var found = new ArrayList<Post>();
      posts
          .find(filter)
          .sort(Sorts.descending(CREATED_AT_US, ID))
          .limit(page.limit() + 1)
          .forEach(document -> found.add(PostDocuments.toPost(document)));
      if (found.isEmpty() && page.before() == null) {
        return Optional.empty();
      }
      String older = null;
      if (found.size() > page.limit()) {
        found.removeLast();
        older = found.getLast().id();
      }
      return Optional.of(new FeedPage(name, found, older));
    } catch (MongoException e) {
      throw new ReadModelException("read model query failed", e);
    }
  }

  @Override
  public Optional<Post> post(String id) {
    try {
      return Optional.ofNullable(posts.find(eq(ID, id)).first()).map(PostDocuments::toPost);
    } catch (MongoException e) {
      throw new ReadModelException("read model query failed", e);
    }
  }

  @Override
  public void close() {
    if (ownedClient != null) {
      ownedClient.close();
    }
  }
}
