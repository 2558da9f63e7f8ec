package dev.millrace.server;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.nats.JetStreamPubSub;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The node's pub/sub: in-process by default, NATS JetStream when a URL is configured.
 *
 * @param publisher where events are published
 * @param subscriber the same pub/sub, for handlers (groups) and streams (fan-out)
 * @param health up while the pub/sub can carry messages
 * @param closer closes the pub/sub
 */
record PubSub(
    Publisher publisher, Subscriber subscriber, HealthCheck health, AutoCloseable closer) {

  static PubSub open(MessagingConfig config, MeterRegistry metrics) {
    if (!config.usesNats()) {
      var inProcess = InProcessPubSub.create();
      return new PubSub(inProcess, inProcess, () -> true, inProcess);
    }
    var jetStream =
        JetStreamPubSub.create(
            config.natsUrl(), JetStreamPubSubOptions.forPrefix(config.natsPrefix()));
    jetStream.bindTo(metrics);
    return new PubSub(jetStream, jetStream, jetStream::isConnected, jetStream);
  }
}
