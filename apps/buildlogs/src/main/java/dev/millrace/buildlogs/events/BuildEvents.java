package dev.millrace.buildlogs.events;

import dev.millrace.buildlogs.web.Json;
import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import dev.millrace.jdbc.JdbcOutbox;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces {@link StepChanged}: status changes and new builds through the transactional outbox
 * (durable: written in the same transaction as the change, published by the relay), new log lines
 * straight to the publisher after the commit (best effort: viewers read lines from SQL, so a lost
 * notification only delays them until the next one).
 */
public final class BuildEvents {

  /** Topic of {@link StepChanged} notifications; every node subscribes to it (fan-out). */
  public static final String TOPIC = "buildlogs.step-changed";

  public static final String LINES_APPENDED = "log-lines-appended";
  public static final String STATUS_CHANGED = "step-status-changed";
  public static final String BUILD_CREATED = "build-created";

  private static final Logger log = LoggerFactory.getLogger(BuildEvents.class);

  private final Publisher publisher;
  private final JdbcOutbox outbox;
  private final String nodeId;

  public BuildEvents(Publisher publisher, JdbcOutbox outbox, String nodeId) {
    this.publisher = publisher;
    this.outbox = outbox;
    this.nodeId = nodeId;
  }

  /** Appends the announcement to the outbox inside the caller's transaction. */
  public void append(Connection transaction, String type, StepChanged change) {
    outbox.append(transaction, TOPIC, message(type, change));
  }

  /** Publishes the announcement now, best effort (failures are logged at WARN). */
  public void publish(String type, StepChanged change) {
    var message = message(type, change);
    try {
      publisher
          .publish(TOPIC, message)
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  log.warn(
                      "step {} notification not published: {}", change.stepId(), error.toString());
                }
              });
    } catch (RuntimeException e) {
      log.warn("step {} notification not published: {}", change.stepId(), e.toString());
    }
  }

  private Message message(String type, StepChanged change) {
    return new Message(
        Message.newId(),
        Map.of(
            Message.EVENT_TYPE,
            type,
            Message.OCCURRED_AT,
            Instant.now().toString(),
            "node_id",
            nodeId),
        Json.writeBytes(change));
  }
}
