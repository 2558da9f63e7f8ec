package dev.millrace.nats.internal;

import dev.millrace.core.PubSubException;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the stream of a subject prefix with the options' limits when it does not exist, and
 * brings an existing one's limits in line with them; its other settings stay as they are.
 */
public final class StreamProvisioner {

  private static final Logger log = LoggerFactory.getLogger(StreamProvisioner.class);
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int STREAM_NAME_IN_USE = 10058;

  private StreamProvisioner() {}

  public static void ensureStream(JetStreamManagement management, JetStreamPubSubOptions options) {
    var subjects = new Subjects(options.subjectPrefix()).all();
    try {
      var existing = management.getStreamInfo(options.streamName()).getConfiguration();
      if (!existing.getSubjects().contains(subjects)) {
        log.warn(
            "Stream {} exists with subjects {}, not {}; publishing outside them fails",
            options.streamName(),
            existing.getSubjects(),
            subjects);
      }
      if (!hasLimits(existing, options)) {
        var updated = withLimits(StreamConfiguration.builder(existing), options).build();
        log.warn(
            "Updating the limits of stream {} from {} to {}",
            options.streamName(),
            limits(existing),
            limits(updated));
        management.updateStream(updated);
      }
      log.debug("Using existing stream {}", options.streamName());
      return;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw failure(options, e);
      }
    } catch (IOException e) {
      throw failure(options, e);
    }
    var config =
        withLimits(StreamConfiguration.builder(), options)
            .name(options.streamName())
            .subjects(subjects)
            .storageType(StorageType.File)
            .discardPolicy(DiscardPolicy.Old)
            .build();
    try {
      management.addStream(config);
      log.debug("Created stream {} for {}", options.streamName(), subjects);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NAME_IN_USE) { // another node won the race
        throw failure(options, e);
      }
    } catch (IOException e) {
      throw failure(options, e);
    }
  }

  private static StreamConfiguration.Builder withLimits(
      StreamConfiguration.Builder builder, JetStreamPubSubOptions options) {
    return builder
        .maxAge(options.maxAge())
        .maxBytes(options.maxBytes())
        .maxMessages(options.maxMessages())
        .duplicateWindow(options.duplicateWindow());
  }

  private static boolean hasLimits(StreamConfiguration config, JetStreamPubSubOptions options) {
    return config.getMaxAge().equals(options.maxAge())
        && config.getMaxBytes() == options.maxBytes()
        && config.getMaxMsgs() == options.maxMessages()
        && config.getDuplicateWindow().equals(options.duplicateWindow());
  }

  private static String limits(StreamConfiguration config) {
    return "maxAge="
        + config.getMaxAge()
        + " maxBytes="
        + config.getMaxBytes()
        + " maxMsgs="
        + config.getMaxMsgs()
        + " duplicateWindow="
        + config.getDuplicateWindow();
  }

  private static PubSubException failure(JetStreamPubSubOptions options, Exception cause) {
    return new PubSubException(
        "Cannot create, read or update JetStream stream " + options.streamName() + ": " + cause,
        cause);
  }
}
