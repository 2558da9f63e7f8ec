package dev.millrace.server;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedPage;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.FeedSummary;
import dev.millrace.feeds.readmodel.PageRequest;
import dev.millrace.feeds.readmodel.Projection;
import dev.millrace.feeds.readmodel.ReadModelException;
import java.sql.SQLDataException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read model that rejects, deterministically, every post whose content holds a poison word until
 * that word is {@link #fix fixed} (as a read model whose column is too short would), and counts how
 * often each post was applied.
 */
final class PoisonReadModel implements FeedReadModel {

  private final FeedReadModel delegate;
  private final Map<String, Boolean> poisons = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> appliedChanges = new ConcurrentHashMap<>();

  PoisonReadModel(FeedReadModel delegate, String... poisonWords) {
    this.delegate = delegate;
    for (var word : poisonWords) {
      poisons.put(word, true);
    }
  }

  void fix(String poisonWord) {
    poisons.put(poisonWord, false);
  }

  /** How many times applying {@code postId} changed the read model. */
  int changes(String postId) {
    var count = appliedChanges.get(postId);
    return count == null ? 0 : count.get();
  }

  @Override
  public Projection apply(Post post) {
    for (var poison : poisons.entrySet()) {
      if (poison.getValue() && post.content().contains(poison.getKey())) {
        throw new ReadModelException(
            "cannot store post " + post.id(),
            new SQLDataException("value too long for column content", "22001"));
      }
    }
    var projection = delegate.apply(post);
    if (projection.changed()) {
      appliedChanges.computeIfAbsent(post.id(), id -> new AtomicInteger()).incrementAndGet();
    }
    return projection;
  }

  @Override
  public List<FeedSummary> feeds() {
    return delegate.feeds();
  }

  @Override
  public Optional<FeedPage> feed(String name, PageRequest page) {
    return delegate.feed(name, page);
  }

  @Override
  public Optional<Post> post(String id) {
    return delegate.post(id);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
