package dev.millrace.feeds.events;

/** The pub/sub topics of the feeds app. */
public final class Topics {

  /** A post was created: {@link PostCreated}, written through the outbox. */
  public static final String POST_CREATED = "post-created";

  /** A post was edited: {@link PostUpdated}, written through the outbox. */
  public static final String POST_UPDATED = "post-updated";

  /**
   * The projection changed a post and its feeds in the read model: {@link FeedsUpdated}. Every live
   * stream of the app (feed list, feeds, posts) is driven by this one topic.
   */
  public static final String FEEDS_UPDATED = "feeds-updated";

  private Topics() {}
}
