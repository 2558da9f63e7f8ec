package dev.millrace.jdbc.internal;

import dev.millrace.core.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages of one topic waiting to be written, in order, always in the same transaction, and the
 * future their publisher holds.
 */
record PendingPublish(String topic, List<Message> messages, CompletableFuture<Void> future) {}
