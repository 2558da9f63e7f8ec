package dev.millrace.jdbc.internal;

import dev.millrace.core.Message;
import java.util.concurrent.CompletableFuture;

/** A message waiting to be written, and the future its publisher holds. */
record PendingPublish(String topic, Message message, CompletableFuture<Void> future) {}
