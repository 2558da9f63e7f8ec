package dev.millrace.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Pub/subs on the local NATS server, each test on its own subject prefix and stream; {@link
 * #close()} closes them and deletes the stream.
 */
final class NatsTestSupport implements AutoCloseable {

  static final String URL = System.getProperty("millrace.nats.url", "nats://127.0.0.1:4222");

  private final JetStreamPubSubOptions options;
  private final List<JetStreamPubSub> opened = new ArrayList<>();

  NatsTestSupport() {
    var suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.options = JetStreamPubSubOptions.forPrefix("millrace-test-" + suffix);
  }

  JetStreamPubSubOptions options() {
    return options;
  }

  /** A new pub/sub with its own connection, like another node. */
  JetStreamPubSub node() {
    return node(options);
  }

  JetStreamPubSub node(JetStreamPubSubOptions options) {
    var pubSub = JetStreamPubSub.create(URL, options);
    opened.add(pubSub);
    return pubSub;
  }

  Connection admin() throws IOException, InterruptedException {
    return Nats.connect(URL);
  }

  @Override
  public void close() throws Exception {
    opened.forEach(JetStreamPubSub::close);
    try (var admin = admin()) {
      admin.jetStreamManagement().deleteStream(options.streamName());
    } catch (JetStreamApiException e) {
      // never created
    }
  }
}
