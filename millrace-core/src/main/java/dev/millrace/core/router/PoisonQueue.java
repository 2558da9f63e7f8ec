package dev.millrace.core.router;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a message that keeps failing to a poison topic, so that it stops blocking its subscription:
 * after {@code maxFailures} failed deliveries of one message (counted per handler and message id),
 * the message is published to the poison topic with the failure in its metadata, and the delivery
 * succeeds. Earlier failures propagate (the message is redelivered).
 *
 * <p>The copy on the poison topic has its own id (derived from the original id and the poison
 * topic, so republishing it is deduplicated like any message) and carries the original id in {@link
 * #ORIGINAL_ID}: a broker that deduplicates by id (JetStream) would otherwise drop the copy as a
 * duplicate of the original. For a dead letter that is stored, counted and replayable, see {@link
 * DeadLetterQueue}.
 *
 * <p>Place it outside {@link Retry} so that a failure means "failed after its retries".
 */
public final class PoisonQueue implements Middleware {

  /** Metadata key of the last failure of a poisoned message. */
  public static final String REASON = "poison_reason";

  /** Metadata key of the id of the original message on the poison topic's copy. */
  public static final String ORIGINAL_ID = "original_id";

  /** Metadata key of the number of failed deliveries of a poisoned message. */
  public static final String FAILURES = "poison_failures";

  private static final Logger log = LoggerFactory.getLogger(PoisonQueue.class);
  private static final int TRACKED_MESSAGES = 10_000;
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final Publisher publisher;
  private final String poisonTopic;
  private final int maxFailures;

  private PoisonQueue(Publisher publisher, String poisonTopic, int maxFailures) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.poisonTopic = Objects.requireNonNull(poisonTopic, "poisonTopic");
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive: " + maxFailures);
    }
    this.maxFailures = maxFailures;
  }

  /** Poisons a message on its {@code maxFailures}-th failed delivery (1: on the first failure). */
  public static PoisonQueue create(Publisher publisher, String poisonTopic, int maxFailures) {
    return new PoisonQueue(publisher, poisonTopic, maxFailures);
  }

  @Override
  public Handler apply(Handler next) {
    Map<String, Integer> failures = boundedMap();
    return message -> {
      try {
        List<Message> results = next.handle(message);
        synchronized (failures) {
          failures.remove(message.id());
        }
        return results;
      } catch (Exception e) {
        int failed;
        synchronized (failures) {
          failed = failures.merge(message.id(), 1, Integer::sum);
          if (failed >= maxFailures) {
            failures.remove(message.id());
          }
        }
        if (failed < maxFailures) {
          throw e;
        }
        poison(message, e, failed);
        return List.of();
      }
    };
  }

  private void poison(Message message, Exception failure, int failed) throws Exception {
    var metadata = new java.util.HashMap<>(message.metadata());
    metadata.put(REASON, String.valueOf(failure));
    metadata.put(FAILURES, "" + failed);
    metadata.put(ORIGINAL_ID, message.id());
    Message poisoned = new Message(copyId(message.id()), metadata, message.payload());
    publisher.publish(poisonTopic, poisoned).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    log.warn(
        "Message moved to poison topic after {} failures: id={} copyId={} poisonTopic={}",
        failed,
        message.id(),
        poisoned.id(),
        poisonTopic,
        failure);
  }

  private String copyId(String originalId) {
    return java.util
        .UUID
        .nameUUIDFromBytes(
            (poisonTopic + "\n" + originalId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  private static Map<String, Integer> boundedMap() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
        return size() > TRACKED_MESSAGES;
      }
    };
  }
}
