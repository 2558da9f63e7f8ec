package dev.millrace.feeds.events;

import dev.millrace.feeds.posting.Post;
import java.time.Instant;

/** Payload of {@link Topics#POST_UPDATED}: the post before and after the edit. */
public record PostUpdated(Post originalPost, Post newPost, Instant occurredAt) {}
