package dev.millrace.bench.load;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many subscriber streams against one endpoint: stream {@code i} watches topic {@code i % topics}
 * and binds local address {@code 127.<subnet>.0.(2 + i / 10000)}. When reconnect is on, a closed
 * stream reopens after a jittered delay with {@code Last-Event-ID}. Thread-safe.
 */
public final class SubscriberPool implements AutoCloseable {

  /** Streams per local address: well under the 28,000 ports of the default ephemeral range. */
  public static final int DEFAULT_PER_SOURCE_ADDRESS = 10_000;

  /**
   * The second byte of the next pool's source addresses, {@code 127.<subnet>.0.x}: each pool, and
   * each load-generator process, starts on its own. Sockets an earlier pool closed stay in
   * TIME_WAIT for a minute and keep their local ports taken; a pool that binds the same source
   * address then spends seconds finding free ports, which would be charged to the server under test
   * as slow opening.
   */
  private static final AtomicInteger nextSubnet = new AtomicInteger(new Random().nextInt(254));

  /** The local address of stream {@code global} on {@code subnet}. */
  public static InetSocketAddress sourceAddress(int subnet, int global, int perSourceAddress) {
    return new InetSocketAddress("127." + subnet + ".0." + (2 + global / perSourceAddress), 0);
  }

  /** A source subnet that no other pool of this process has used lately. */
  public static int freshSubnet() {
    return 1 + Math.floorMod(nextSubnet.getAndIncrement(), 254);
  }

  private final SseClient client;
  private final Endpoint endpoint;
  private final List<SubscriberStream> streams = new ArrayList<>();
  private final List<InetSocketAddress> locals = new ArrayList<>();
  private final ConcurrentHashMap<Integer, Channel> channels = new ConcurrentHashMap<>();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile Duration reconnectJitter;
  private volatile boolean closing;

  public SubscriberPool(
      SseClient client, Endpoint endpoint, LoadStats stats, int connections, int topics) {
    this.client = client;
    this.endpoint = endpoint;
    boolean loopback = endpoint.address().getAddress().isLoopbackAddress();
    int subnet = freshSubnet();
    for (int i = 0; i < connections; i++) {
      streams.add(new SubscriberStream(i % topics, stats));
      locals.add(
          loopback
              ? sourceAddress(subnet, i, DEFAULT_PER_SOURCE_ADDRESS)
              : new InetSocketAddress(0));
    }
  }

  public List<SubscriberStream> streams() {
    return streams;
  }

  /** Reopen closed streams after a random delay up to {@code jitter}; null turns it off. */
  public void reconnect(Duration jitter) {
    reconnectJitter = jitter;
  }

  public long reconnects() {
    return reconnects.get();
  }

  /** Opens every stream, at most {@code inFlight} at a time; blocks until all are streaming. */
  public void openAll(int inFlight, Duration timeout) throws InterruptedException {
    var permits = new Semaphore(inFlight);
    var failure = new AtomicReference<Throwable>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < streams.size() && failure.get() == null; i++) {
      if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new StreamRejectedException("opening streams took longer than " + timeout);
      }
      open(i)
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                }
                permits.release();
              });
    }
    if (!permits.tryAcquire(
        inFlight, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new StreamRejectedException("opening streams took longer than " + timeout);
    }
    if (failure.get() != null) {
      throw new StreamRejectedException(
          "could not open stream " + openCount() + " of " + streams.size() + ": " + failure.get());
    }
  }

  private java.util.concurrent.CompletableFuture<Channel> open(int i) {
    var stream = streams.get(i);
    return client
        .open(
            endpoint, stream.topic(), stream, locals.get(i), stream.lastEventId(), () -> closed(i))
        .whenComplete(
            (channel, error) -> {
              if (channel != null) {
                channels.put(i, channel);
              }
            });
  }

  private void closed(int i) {
    channels.remove(i);
    Duration jitter = reconnectJitter;
    if (closing || jitter == null) {
      return;
    }
    long delay = ThreadLocalRandom.current().nextLong(Math.max(1, jitter.toMillis()));
    client
        .group()
        .schedule(
            () -> {
              if (!closing) {
                reconnects.incrementAndGet();
                open(i);
              }
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  public int openCount() {
    return (int) streams.stream().filter(SubscriberStream::isOpen).count();
  }

  /** Waits until every stream received every sequence of its topic; false on timeout. */
  public boolean awaitComplete(long[] publishedPerTopic, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = 0;
    while (next < streams.size()) {
      var stream = streams.get(next);
      if (stream.hasAllUpTo(publishedPerTopic[stream.topic()])) {
        next++;
      } else if (System.nanoTime() > deadline) {
        return false;
      } else {
        Thread.sleep(20);
      }
    }
    return true;
  }

  /** Deliveries missing: sequence numbers published to a stream's topic that it never received. */
  public long missing(long[] publishedPerTopic) {
    return streams.stream().mapToLong(s -> s.missingUpTo(publishedPerTopic[s.topic()])).sum();
  }

  /** Deliveries expected: for every stream, the count published to its topic. */
  public long expected(long[] publishedPerTopic) {
    return streams.stream().mapToLong(s -> publishedPerTopic[s.topic()]).sum();
  }

  /** Closes every stream from the client side (no reconnect unless turned on). */
  public void dropAll() {
    channels.values().forEach(Channel::close);
  }

  @Override
  public void close() {
    closing = true;
    channels.values().forEach(Channel::close);
  }
}
