package dev.millrace.feeds.readmodel.mongo;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedReadModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/** The document of one post: its latest stored state and the feeds it belongs to. */
final class PostDocuments {

  static final String ID = "_id";
  static final String TITLE = "title";
  static final String CONTENT = "content";
  static final String AUTHOR = "author";
  static final String TAGS = "tags";
  static final String VERSION = "version";

  /** Microseconds since the epoch: a BSON date would cut the write model's instants to millis. */
  static final String CREATED_AT_US = "createdAtUs";

  /** {@link FeedReadModel#ALL_POSTS} and the post's tags; indexed with the creation instant. */
  static final String FEEDS = "feeds";

  private PostDocuments() {}

  static Document toDocument(Post post) {
    return new Document(ID, post.id())
        .append(TITLE, post.title())
        .append(CONTENT, post.content())
        .append(AUTHOR, post.author())
        .append(TAGS, post.tags())
        .append(VERSION, post.version())
        .append(CREATED_AT_US, ChronoUnit.MICROS.between(Instant.EPOCH, post.createdAt()))
        .append(FEEDS, List.copyOf(feedsOf(post)));
  }

  static Post toPost(Document document) {
    return new Post(
        document.getString(ID),
        document.getString(TITLE),
        document.getString(CONTENT),
        document.getString(AUTHOR),
        document.getList(TAGS, String.class),
        document.get(VERSION, Number.class).longValue(),
        Instant.EPOCH.plus(
            document.get(CREATED_AT_US, Number.class).longValue(), ChronoUnit.MICROS));
  }

  static Set<String> feedsOf(Post post) {
    var feeds = new LinkedHashSet<String>();
    feeds.add(FeedReadModel.ALL_POSTS);
    feeds.addAll(post.tags());
    return feeds;
  }

  /** The feeds stored in {@code document}, or none when it is {@code null}. */
  static Set<String> storedFeeds(Document document) {
    return document == null
        ? Set.of()
        : new LinkedHashSet<>(new ArrayList<>(document.getList(FEEDS, String.class)));
  }
}
