package dev.millrace.feeds.events;

import dev.millrace.feeds.posting.Post;
import java.time.Instant;

/** Payload of {@link Topics#POST_CREATED}. */
public record PostCreated(Post post, Instant occurredAt) {}
