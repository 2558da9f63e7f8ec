package dev.millrace.bench.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Publishes at a fixed rate, round-robin over the topics: message {@code n} goes to topic {@code n
 * % topics} with the next sequence number of that topic and its send time in the payload. Topic
 * {@code t} always uses connection {@code t % connections}, so each topic stays in order. The loop
 * has its own event-loop thread, so busy subscriber threads do not delay the publishing.
 */
public final class PublishLoop implements AutoCloseable {

  private final EventLoopGroup group;
  private final int topics;
  private final AtomicLongArray sequences;
  private final List<HttpPublisher> publishers = new ArrayList<>();
  private final PublishCounters counters = new PublishCounters();
  private ScheduledFuture<?> ticking;
  private long next;

  public PublishLoop(Endpoint endpoint, int topics, int connections, int payloadSize)
      throws InterruptedException {
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.topics = topics;
    this.sequences = new AtomicLongArray(topics);
    for (int i = 0; i < Math.min(connections, topics); i++) {
      publishers.add(
          HttpPublisher.connect(
              group,
              endpoint,
              counters,
              topic ->
                  new Payload(topic, sequences.incrementAndGet(topic), Payload.nowMicros())
                      .encode(payloadSize)));
    }
  }

  /** Starts publishing {@code perSecond} messages a second until {@link #stop}. */
  public synchronized void start(double perSecond) {
    long periodNanos = Math.round(1_000_000_000L / perSecond);
    ticking = group.scheduleAtFixedRate(this::tick, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  private synchronized void tick() {
    int topic = (int) (next++ % topics);
    publishers.get(topic % publishers.size()).publish(topic);
  }

  /** Publishes one message now (outside the timer). */
  public void publishOnce() {
    tick();
  }

  public synchronized void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /** Waits until every queued publish was answered; false on timeout. */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (publishers.stream().allMatch(p -> p.backlog() == 0)) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  /** The highest sequence number sent to each topic so far. */
  public long[] published() {
    long[] counts = new long[topics];
    for (int i = 0; i < topics; i++) {
      counts[i] = sequences.get(i);
    }
    return counts;
  }

  public long sent() {
    long total = 0;
    for (int i = 0; i < topics; i++) {
      total += sequences.get(i);
    }
    return total;
  }

  public PublishCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    stop();
    publishers.forEach(HttpPublisher::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
