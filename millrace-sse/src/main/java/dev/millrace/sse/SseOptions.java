package dev.millrace.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the SSE engine. Immutable; start from {@link #DEFAULTS} and use the {@code with…}
 * methods.
 *
 * @param heartbeat interval of the comment line sent on idle connections, which keeps proxies from
 *     timing out and detects dead peers
 * @param retry the {@code retry:} field sent when a stream opens, or {@code null} to leave the
 *     browser's default
 * @param writeQueueBytes bytes a connection may have queued in the socket's write queue before it
 *     counts as slow
 * @param pendingEvents events a {@link StreamPolicy#REPLAY} connection may hold beyond its write
 *     queue whether or not it drains; past it, one whose outbound buffer has not drained for {@code
 *     pendingGrace} is closed as slow, and its client resumes from {@code Last-Event-ID} (a {@link
 *     StreamPolicy#LATEST} connection holds one event per key instead, skipping to the newest)
 * @param stallTimeout a connection whose write queue stays full without draining this long is
 *     closed as dead
 * @param drain how {@link SseRouter#drain()} closes connections
 * @param renderAttempts how many times a failing {@link StreamAdapter#render} is tried before the
 *     connections watching the key are closed (1: no retry)
 * @param renderBackoff pause before the second attempt of a failed render, doubled before each
 *     further one
 * @param loopQueue deliveries queued per event loop (rounded up to a power of two) before the
 *     renderers wait for the loop to catch up, which in turn holds the upstream subscription back;
 *     a push endpoint (the Mercure hub), which cannot wait, closes the connections that miss an
 *     event instead, and their clients resume from {@code Last-Event-ID}
 * @param minRenderInterval on {@link StreamPolicy#LATEST} streams, the least time between two
 *     renders of one key: an update arriving sooner waits for the rest of the interval, and the
 *     updates arriving meanwhile are folded into that one render, so a key's cost is bounded
 *     however fast it changes; the first update after a quiet spell renders at once ({@link
 *     Duration#ZERO}: render every update that finds no render queued)
 * @param pendingGrace how long a {@link StreamPolicy#REPLAY} connection holding more than {@code
 *     pendingEvents} may go without its outbound buffer draining (becoming writable or shrinking:
 *     the socket took some of its bytes) before it is closed as slow. A reader that keeps draining
 *     is never closed by this rule, however bursty the stream and however long the socket looks
 *     full (io_uring, for one, keeps written bytes in the buffer until the kernel reports them
 *     sent); one that stops reading is closed within about twice this time
 * @param pendingBytes the hard cap on what a {@link StreamPolicy#REPLAY} connection holds beyond
 *     its write queue, each event counted as its bytes plus 128 for its objects: past it, the
 *     connection is closed as slow even while it drains. It bounds the memory held for one
 *     connection: about {@code writeQueueBytes + pendingBytes}, plus the replay page being written
 */
public record SseOptions(
    Duration heartbeat,
    Duration retry,
    int writeQueueBytes,
    int pendingEvents,
    Duration stallTimeout,
    DrainOptions drain,
    int renderAttempts,
    Duration renderBackoff,
    int loopQueue,
    Duration minRenderInterval,
    Duration pendingGrace,
    int pendingBytes) {

  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RETRY = Duration.ofSeconds(3);
  public static final int DEFAULT_WRITE_QUEUE_BYTES = 64 * 1024;
  public static final int DEFAULT_PENDING_EVENTS = 1024;
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_RENDER_ATTEMPTS = 3;
  public static final Duration DEFAULT_RENDER_BACKOFF = Duration.ofMillis(100);
  public static final int DEFAULT_LOOP_QUEUE = 8192;
  public static final Duration DEFAULT_MIN_RENDER_INTERVAL = Duration.ofMillis(50);
  public static final Duration DEFAULT_PENDING_GRACE = Duration.ofSeconds(5);
  public static final int DEFAULT_PENDING_BYTES = 4 * 1024 * 1024;

  public static final SseOptions DEFAULTS =
      new SseOptions(
          DEFAULT_HEARTBEAT,
          DEFAULT_RETRY,
          DEFAULT_WRITE_QUEUE_BYTES,
          DEFAULT_PENDING_EVENTS,
          DEFAULT_STALL_TIMEOUT,
          DrainOptions.DEFAULTS,
          DEFAULT_RENDER_ATTEMPTS,
          DEFAULT_RENDER_BACKOFF,
          DEFAULT_LOOP_QUEUE,
          DEFAULT_MIN_RENDER_INTERVAL,
          DEFAULT_PENDING_GRACE,
          DEFAULT_PENDING_BYTES);

  public SseOptions {
    requirePositive("heartbeat", heartbeat);
    if (retry != null && retry.isNegative()) {
      throw new IllegalArgumentException("retry must not be negative: " + retry);
    }
    if (writeQueueBytes < 1024) {
      throw new IllegalArgumentException(
          "writeQueueBytes must be at least 1024: " + writeQueueBytes);
    }
    if (pendingEvents < 1) {
      throw new IllegalArgumentException("pendingEvents must be positive: " + pendingEvents);
    }
    requirePositive("stallTimeout", stallTimeout);
    Objects.requireNonNull(drain, "drain");
    if (renderAttempts < 1) {
      throw new IllegalArgumentException("renderAttempts must be positive: " + renderAttempts);
    }
    Objects.requireNonNull(renderBackoff, "renderBackoff");
    if (renderBackoff.isNegative()) {
      throw new IllegalArgumentException("renderBackoff must not be negative: " + renderBackoff);
    }
    if (loopQueue < 16 || loopQueue > 1 << 24) {
      throw new IllegalArgumentException("loopQueue must be 16 to 2^24: " + loopQueue);
    }
    Objects.requireNonNull(minRenderInterval, "minRenderInterval");
    if (minRenderInterval.isNegative()) {
      throw new IllegalArgumentException(
          "minRenderInterval must not be negative: " + minRenderInterval);
    }
    requirePositive("pendingGrace", pendingGrace);
    if (pendingBytes < 1024) {
      throw new IllegalArgumentException("pendingBytes must be at least 1024: " + pendingBytes);
    }
  }

  public SseOptions withHeartbeat(Duration value) {
    return new SseOptions(
        value,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withRetry(Duration value) {
    return new SseOptions(
        heartbeat,
        value,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withWriteQueueBytes(int value) {
    return new SseOptions(
        heartbeat,
        retry,
        value,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withPendingEvents(int value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        value,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withStallTimeout(Duration value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        value,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withDrain(DrainOptions value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        value,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withRenderAttempts(int value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        value,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withRenderBackoff(Duration value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        value,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withLoopQueue(int value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        value,
        minRenderInterval,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withMinRenderInterval(Duration value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        value,
        pendingGrace,
        pendingBytes);
  }

  public SseOptions withPendingGrace(Duration value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        value,
        pendingBytes);
  }

  public SseOptions withPendingBytes(int value) {
    return new SseOptions(
        heartbeat,
        retry,
        writeQueueBytes,
        pendingEvents,
        stallTimeout,
        drain,
        renderAttempts,
        renderBackoff,
        loopQueue,
        minRenderInterval,
        pendingGrace,
        value);
  }

  static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
