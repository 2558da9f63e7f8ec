package dev.millrace.nats.internal;

import dev.millrace.core.MessageListener;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.StreamContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fan-out subscription: an ordered (ephemeral, unacknowledged) consumer of this node, starting at
 * a given stream sequence. Acks are local; a nack delivers the same message again at once. After a
 * failure or a reconnect (the server may have lost the ephemeral consumer) the consumer is
 * recreated right after the last sequence seen, so nothing is skipped or repeated.
 */
final class FanOutConsumer extends ConsumerLoop {

  private static final Logger log = LoggerFactory.getLogger(FanOutConsumer.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final NatsDelivery.Settlement LOCAL =
      new NatsDelivery.Settlement() {
        @Override
        public void ack() {}

        @Override
        public void nack() {}

        @Override
        public void abandon() {}
      };

  private final Connection connection;
  private final StreamContext stream;
  private final String subject;
  private long nextSequence;
  private long reconnects;
  private IterableConsumer consumer;

  FanOutConsumer(
      Connection connection,
      StreamContext stream,
      String subject,
      long fromSequence,
      String topic,
      MessageListener listener,
      PubSubStats stats,
      Runnable onClose)
      throws Exception {
    super(topic, listener, stats, onClose);
    this.connection = connection;
    this.stream = stream;
    this.subject = subject;
    this.nextSequence = Math.max(1, fromSequence);
    this.consumer = open();
  }

  private IterableConsumer open() throws Exception {
    reconnects = connection.getStatistics().getReconnects();
    var config =
        new OrderedConsumerConfiguration()
            .filterSubject(subject)
            .deliverPolicy(DeliverPolicy.ByStartSequence)
            .startSequence(nextSequence);
    return stream.createOrderedConsumer(config).iterate();
  }

  @Override
  protected NatsDelivery poll() throws Exception {
    if (consumer != null && connection.getStatistics().getReconnects() != reconnects) {
      log.debug("Reconnected: resuming topic={} from sequence {}", topic, nextSequence);
      release();
    }
    if (consumer == null) {
      consumer = open();
    }
    var message = consumer.nextMessage(POLL);
    if (message == null) {
      return null;
    }
    var sequence = message.metaData().streamSequence();
    nextSequence = sequence + 1;
    return new NatsDelivery(topic, HeaderCodec.fromNats(message), 1, sequence, LOCAL);
  }

  @Override
  protected NatsDelivery redelivery(NatsDelivery delivery) {
    return new NatsDelivery(
        topic,
        delivery.message(),
        delivery.attempt() + 1,
        delivery.streamSequence(),
        delivery.settlement());
  }

  @Override
  protected void reset() {
    release();
  }

  @Override
  protected void release() {
    var current = consumer;
    consumer = null;
    if (current != null) {
      try {
        current.close();
      } catch (Exception e) {
        log.debug("Closing the ordered consumer of topic={} failed", topic, e);
      }
    }
  }
}
