package dev.millrace.server;

import java.util.Objects;
import java.util.UUID;

/**
 * How messages travel between the parts of the server and between nodes.
 *
 * @param natsUrl NATS server URL(s), comma separated, or {@code null} for the SQL pub/sub (in the
 *     write-model database, or an H2 file in the data dir)
 * @param natsPrefix subject prefix and stream name of this deployment on NATS; nodes that share it
 *     share their events
 * @param nodeId this node's name in logs, metrics and consumer names; unique per node
 */
public record MessagingConfig(String natsUrl, String natsPrefix, String nodeId) {

  public static final String DEFAULT_NATS_PREFIX = "millrace";

  public MessagingConfig {
    natsUrl = natsUrl == null || natsUrl.isBlank() ? null : natsUrl.trim();
    natsPrefix = natsPrefix == null || natsPrefix.isBlank() ? DEFAULT_NATS_PREFIX : natsPrefix;
    if (!natsPrefix.matches("[a-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException(
          "the NATS prefix must be 1-32 lower-case letters, digits, '-' or '_', was '"
              + natsPrefix
              + "'");
    }
    Objects.requireNonNull(nodeId, "nodeId");
    if (!nodeId.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "the node id must be 1-64 letters, digits, '-' or '_', was '" + nodeId + "'");
    }
  }

  public static MessagingConfig inProcess() {
    return new MessagingConfig(null, DEFAULT_NATS_PREFIX, randomNodeId());
  }

  /** A node id for a node that was given none: unique, so two nodes never share consumers. */
  public static String randomNodeId() {
    return "node-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public boolean usesNats() {
    return natsUrl != null;
  }
}
