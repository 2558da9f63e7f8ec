package dev.millrace.nats.internal;

import dev.millrace.core.MessageListener;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.StreamContext;
import io.nats.client.api.ConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A member of a consumer group: pulls from the group's durable consumer one message at a time (a
 * pull of one, issued only after the previous message was acked or nacked), so the member sees its
 * share in stream order and, since the server hands out redeliveries before new messages, a nacked
 * message again before any later one. Members pull in parallel. A message this member holds when it
 * closes is nacked at once, so another member gets it without waiting for the ack timeout.
 */
final class GroupConsumer extends ConsumerLoop {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(GroupConsumer.class);

  private static final Duration POLL = Duration.ofSeconds(1);

  private final StreamContext stream;
  private final ConsumerConfiguration config;
  private final ScheduledExecutorService heartbeats;
  private ConsumerContext consumer;

  GroupConsumer(
      StreamContext stream,
      ConsumerConfiguration config,
      ScheduledExecutorService heartbeats,
      String topic,
      MessageListener listener,
      PubSubStats stats,
      Runnable onClose)
      throws IOException, JetStreamApiException {
    super(topic, listener, stats, onClose);
    this.stream = stream;
    this.config = config;
    this.heartbeats = heartbeats;
    this.consumer = stream.createOrUpdateConsumer(config);
  }

  @Override
  protected NatsDelivery poll() throws Exception {
    if (consumer == null) {
      consumer = stream.createOrUpdateConsumer(config);
    }
    var message = consumer.next(POLL);
    if (message == null) {
      return null;
    }
    var meta = message.metaData();
    return new NatsDelivery(
        topic,
        HeaderCodec.fromNats(message),
        (int) meta.deliveredCount(),
        meta.streamSequence(),
        new ServerSettlement(message));
  }

  @Override
  protected NatsDelivery redelivery(NatsDelivery delivery) {
    var settlement = (ServerSettlement) delivery.settlement();
    return new NatsDelivery(
        topic, delivery.message(), delivery.attempt() + 1, delivery.streamSequence(), settlement);
  }

  /**
   * Tells the server, every third of the ack wait, that the message is still being worked on, so a
   * slow listener does not lose it to another member; only a member that died lets it time out.
   */
  @Override
  protected Future<?> keepAlive(NatsDelivery delivery) {
    var message = ((ServerSettlement) delivery.settlement()).message();
    long period = Math.max(1, config.getAckWait().toMillis() / 3);
    try {
      return heartbeats.scheduleAtFixedRate(
          () -> {
            try {
              if (!delivery.outcome().isDone()) {
                message.inProgress();
              }
            } catch (RuntimeException e) {
              // a failed heartbeat must not cancel the next ones (a scheduled task that throws
              // stops)
              log.debug("Heartbeat of {} failed", delivery, e);
            }
          },
          period,
          period,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null; // closing
    }
  }

  private record ServerSettlement(io.nats.client.Message message)
      implements NatsDelivery.Settlement {
    @Override
    public void ack() {
      message.ack();
    }

    @Override
    public void nack() {
      message.inProgress();
    }

    @Override
    public void abandon() {
      message.nak();
    }
  }

  @Override
  protected void reset() {
    consumer = null;
  }

  @Override
  protected void release() {
    // The durable consumer outlives its members.
  }
}
