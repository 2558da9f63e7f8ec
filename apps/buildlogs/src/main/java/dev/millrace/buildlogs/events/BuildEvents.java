package dev.millrace.buildlogs.events;

import dev.millrace.buildlogs.web.Json;
import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes {@link StepChanged} notifications, best effort, after the SQL write committed. */
public final class BuildEvents {

  /** Topic of {@link StepChanged} notifications; every node subscribes to it (fan-out). */
  public static final String TOPIC = "buildlogs.step-changed";

  public static final String LINES_APPENDED = "log-lines-appended";
  public static final String STATUS_CHANGED = "step-status-changed";
  public static final String BUILD_CREATED = "build-created";

  private static final Logger log = LoggerFactory.getLogger(BuildEvents.class);

  private final Publisher publisher;
  private final String nodeId;

  public BuildEvents(Publisher publisher, String nodeId) {
    this.publisher = publisher;
    this.nodeId = nodeId;
  }

  public void publish(String type, StepChanged change) {
    var message =
        new Message(
            Message.newId(),
            Map.of(
                Message.EVENT_TYPE,
                type,
                Message.OCCURRED_AT,
                Instant.now().toString(),
                "node_id",
                nodeId),
            Json.writeBytes(change));
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
}
