package dev.millrace.nats.internal;

import dev.millrace.core.Message;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PubSubException;
import dev.millrace.core.PublishRejectedException;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes asynchronously with the message id as {@code Nats-Msg-Id}. Futures complete on a
 * virtual thread once the server acknowledged (or rejected) the message, never on the connection's
 * own threads, so a caller's continuation cannot stall the connection.
 */
public final class NatsPublisher {

  private static final Logger log = LoggerFactory.getLogger(NatsPublisher.class);

  private final JetStream jetStream;
  private final JetStreamPubSubOptions options;
  private final Subjects subjects;
  private final PubSubStats stats;
  private final Executor completions = task -> Thread.ofVirtual().start(task);
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public NatsPublisher(
      JetStream jetStream, JetStreamPubSubOptions options, Subjects subjects, PubSubStats stats) {
    this.jetStream = jetStream;
    this.options = options;
    this.subjects = subjects;
    this.stats = stats;
  }

  /**
   * Publishes {@code message} after setting {@link Message#PUBLISHED_AT} when absent (the server
   * keeps the first copy of an id, so the stored stamp is the first publish's).
   */
  public CompletableFuture<Void> publish(String topic, Message original) {
    var subject = subjects.subject(topic);
    var message =
        original.metadata(Message.PUBLISHED_AT) == null
            ? original.withMetadata(Message.PUBLISHED_AT, Long.toString(epochMicros()))
            : original;
    var publishOptions =
        PublishOptions.builder()
            .messageId(message.id())
            .expectedStream(options.streamName())
            .build();
    var result = new CompletableFuture<Void>();
    inFlight.add(result);
    if (closed) {
      inFlight.remove(result);
      return CompletableFuture.failedFuture(new PubSubClosedException("publisher is closed"));
    }
    CompletableFuture<PublishAck> ack;
    try {
      ack =
          jetStream.publishAsync(
              subject, HeaderCodec.toHeaders(message), message.payload(), publishOptions);
    } catch (RuntimeException e) {
      inFlight.remove(result);
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      stats.publishFailed();
      return CompletableFuture.failedFuture(failure(topic, message, e));
    }
    ack.orTimeout(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync(
            (stored, error) -> complete(result, topic, message, stored, error), completions);
    return result;
  }

  private void complete(
      CompletableFuture<Void> result,
      String topic,
      Message message,
      PublishAck stored,
      Throwable error) {
    inFlight.remove(result);
    if (error == null) {
      stats.published(stored.isDuplicate());
      if (stored.isDuplicate()) {
        log.debug("Duplicate of message id={} on topic={} dropped", message.id(), topic);
      }
      result.complete(null);
    } else {
      stats.publishFailed();
      var cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      result.completeExceptionally(failure(topic, message, cause));
    }
  }

  /**
   * A {@link PublishRejectedException} when the server refused this message (a JetStream API error
   * other than "unavailable"), so that it is not retried forever; a plain {@link PubSubException}
   * when the server could not be reached or did not answer.
   */
  private PubSubException failure(String topic, Message message, Throwable cause) {
    var what =
        cause instanceof TimeoutException
            ? "not acknowledged within " + options.publishTimeout()
            : "failed: " + cause;
    var text = "Publishing message id=" + message.id() + " to topic=" + topic + " " + what;
    if (cause instanceof JetStreamApiException api && api.getErrorCode() != 503) {
      return new PublishRejectedException(text, cause);
    }
    return new PubSubException(text, cause);
  }

  private static long epochMicros() {
    var now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Rejects new messages and waits (up to {@code timeout}) for those already handed over. */
  public void close(Duration timeout) {
    closed = true;
    var pending = inFlight.toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(pending)
          .exceptionally(e -> null)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("{} publishes still unacknowledged at close", inFlight.size());
    }
  }
}
