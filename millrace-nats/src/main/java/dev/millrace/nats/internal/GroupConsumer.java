package dev.millrace.nats.internal;

import dev.millrace.core.BatchListener;
import dev.millrace.core.MessageListener;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
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
 * A member of a consumer group: pulls from the group's durable consumer a batch of up to {@value
 * #BATCH} messages at a time (or the listener's batch size, if larger) (a pull that returns as soon
 * as any message is there, so a busy group pays one round trip per batch, not per message) and
 * hands them to the listener one at a time, in stream order; a nacked message is handed again
 * before any later one. The next pull is issued only once the batch is done, so a member never has
 * a pull open while it works: a message given back goes to another member, not into a pull nobody
 * reads. A batch listener gets the messages of a pull together. Acks are sent without waiting for
 * the server. Members pull in parallel. The messages this member holds when it closes, the one in
 * hand and the rest of its batch, are nacked at once in stream order, so another member gets them
 * without waiting for the ack timeout.
 */
final class GroupConsumer extends ConsumerLoop {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(GroupConsumer.class);

  private static final Duration POLL = Duration.ofSeconds(1);

  /**
   * Messages per pull. Small against the ack wait: the messages of a batch wait their turn without
   * being kept alive, so a listener must get through a batch well within the ack wait.
   */
  static final int BATCH = 32;

  private final StreamContext stream;
  private final ConsumerConfiguration config;
  private final ScheduledExecutorService heartbeats;
  private ConsumerContext consumer;
  private FetchConsumer batch;

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

  /** A member whose listener takes batches of up to {@code maxBatch} messages. */
  GroupConsumer(
      StreamContext stream,
      ConsumerConfiguration config,
      ScheduledExecutorService heartbeats,
      String topic,
      int maxBatch,
      BatchListener listener,
      PubSubStats stats,
      Runnable onClose)
      throws IOException, JetStreamApiException {
    super(topic, maxBatch, listener, stats, onClose);
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
    if (batch == null) {
      batch =
          consumer.fetch(
              FetchConsumeOptions.builder()
                  .maxMessages(Math.max(BATCH, maxBatch()))
                  .noWaitExpiresIn(POLL.toMillis())
                  .build());
    }
    return next();
  }

  /** The rest of the pull in progress: its messages are received together. */
  @Override
  protected NatsDelivery pollReady() throws Exception {
    return batch == null ? null : next();
  }

  private NatsDelivery next() throws Exception {
    var message = batch.nextMessage();
    if (message == null) {
      batch = null; // done: the next poll pulls again
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
    batch = null;
    consumer = null;
  }

  /**
   * Nacks the rest of the batch (after the message in hand, which the loop gave back first), so the
   * group gets them back in stream order. The durable consumer outlives its members.
   */
  @Override
  protected void release() {
    var rest = batch;
    batch = null;
    if (rest == null) {
      return;
    }
    try {
      for (var message = rest.nextMessage(); message != null; message = rest.nextMessage()) {
        message.nak();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("Giving back the rest of a batch of topic={} failed", topic, e);
    }
  }
}
