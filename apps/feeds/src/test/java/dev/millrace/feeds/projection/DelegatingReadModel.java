package dev.millrace.feeds.projection;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.readmodel.FeedPage;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.FeedSummary;
import dev.millrace.feeds.readmodel.PageRequest;
import dev.millrace.feeds.readmodel.Projection;
import java.util.List;
import java.util.Optional;

/** A read model that forwards to another; tests override what they want to break. */
class DelegatingReadModel implements FeedReadModel {

  private final FeedReadModel delegate;

  DelegatingReadModel(FeedReadModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public Projection apply(Post post) {
    return delegate.apply(post);
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
