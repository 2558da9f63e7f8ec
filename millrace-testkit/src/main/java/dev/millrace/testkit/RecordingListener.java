package dev.millrace.testkit;

import static org.awaitility.Awaitility.await;

import dev.millrace.core.Delivery;
import dev.millrace.core.MessageListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every delivery it receives; acks them at once unless created with {@link #manual()}.
 * Thread-safe.
 */
public final class RecordingListener implements MessageListener {

  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final boolean autoAck;

  private RecordingListener(boolean autoAck) {
    this.autoAck = autoAck;
  }

  /** Acks each delivery as soon as it is recorded. */
  public static RecordingListener acking() {
    return new RecordingListener(true);
  }

  /** Leaves ack and nack to the test. */
  public static RecordingListener manual() {
    return new RecordingListener(false);
  }

  @Override
  public void onMessage(Delivery delivery) {
    deliveries.add(delivery);
    if (autoAck) {
      delivery.ack();
    }
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public int count() {
    return deliveries.size();
  }

  /** The ids of the recorded messages, in delivery order, duplicates included. */
  public List<String> ids() {
    return deliveries.stream().map(delivery -> delivery.message().id()).toList();
  }

  /** Waits until at least {@code count} deliveries were recorded. */
  public RecordingListener awaitCount(int count, Duration timeout) {
    await().atMost(timeout).until(() -> deliveries.size() >= count);
    return this;
  }
}
