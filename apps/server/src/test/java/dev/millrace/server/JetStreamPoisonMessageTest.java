package dev.millrace.server;

import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The poison-message guarantee on NATS JetStream (the server at 127.0.0.1:4222). */
class JetStreamPoisonMessageTest extends PoisonMessageContract {

  /** Nodes on NATS must share a signing key; any 32 random bytes do for one node. */
  private static final String SIGNING_KEY =
      "5f1c0e9a7b3d42c8a6e4f2019d8b7c6a5e4d3c2b1a09f8e7d6c5b4a392817060";

  private final String prefix =
      "poison-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  protected ServerConfig config(Path dataDir) {
    var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir);
    return new ServerConfig(
        embedded.host(),
        embedded.port(),
        embedded.publicUrl(),
        embedded.storage(),
        new MessagingConfig("nats://127.0.0.1:4222", prefix, MessagingConfig.randomNodeId()),
        new AccessConfig(null, null, null, SIGNING_KEY, false),
        embedded.hub(),
        embedded.mockRunner(),
        embedded.stepLogCapBytes(),
        embedded.stepTimeout(),
        embedded.transport());
  }

  @AfterEach
  void deleteStream() throws Exception {
    try (var connection = Nats.connect("nats://127.0.0.1:4222")) {
      var streams = connection.jetStreamManagement();
      streams.deleteStream(JetStreamPubSubOptions.forPrefix(prefix).streamName());
      streams.deleteStream(JetStreamPubSubOptions.forPrefix(prefix + "-hub").streamName());
    }
  }
}
