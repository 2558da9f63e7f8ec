package dev.millrace.bench.write;

import dev.millrace.bench.app.ApiClient;
import dev.millrace.bench.app.Latencies;
import dev.millrace.bench.app.PostClock;
import dev.millrace.bench.scenario.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Writer threads creating numbered posts through the API, paced together at one rate (or as fast as
 * the server answers), each one request at a time on its own keep-alive connection.
 */
final class PostWriters {

  private final ApiClient api;
  private final PostClock clock;
  private final IntFunction<String> body;
  private final AtomicInteger nextSeq;

  /** {@code body}: the JSON of post number {@code seq}; numbers continue from {@code lastSeq}. */
  PostWriters(ApiClient api, PostClock clock, IntFunction<String> body, int lastSeq) {
    this.api = api;
    this.clock = clock;
    this.body = body;
    this.nextSeq = new AtomicInteger(lastSeq + 1);
  }

  /** What one step of writing did. */
  record Outcome(int created, int failed, double seconds, Latencies acks, int lastSeq) {}

  Outcome write(int writers, double rate, Duration duration) throws InterruptedException {
    int firstSeq = nextSeq.get();
    var step = new Step(firstSeq, rate, System.nanoTime(), duration);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      threads.add(Thread.ofPlatform().name("bench-writer-" + w).start(() -> writeUntilEnd(step)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    // Numbers drawn but not posted (their writer saw the step end) below the highest posted one
    // are posted now, so that the posts stay numbered 1..n without a gap.
    int highest = step.highestPosted.get();
    for (Integer seq : step.unposted) {
      if (seq < highest) {
        post(step, seq);
      }
    }
    nextSeq.set(Math.max(highest, firstSeq - 1) + 1);
    double seconds = (System.nanoTime() - step.start) / 1e9;
    return new Outcome(
        step.created.get(), step.failed.get(), seconds, step.acks, nextSeq.get() - 1);
  }

  /** The shared state of one step's writers. */
  private static final class Step {
    final int firstSeq;
    final double rate;
    final long start;
    final long end;
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger highestPosted = new AtomicInteger();
    final Queue<Integer> unposted = new ConcurrentLinkedQueue<>();
    final Latencies acks = new Latencies();

    Step(int firstSeq, double rate, long start, Duration duration) {
      this.firstSeq = firstSeq;
      this.rate = rate;
      this.start = start;
      this.end = start + duration.toNanos();
    }
  }

  private void writeUntilEnd(Step step) {
    while (true) {
      int seq = nextSeq.getAndIncrement();
      long due =
          step.rate > 0
              ? step.start + (long) ((seq - step.firstSeq) / step.rate * 1e9)
              : System.nanoTime();
      if (seq > clock.capacity() || due >= step.end || System.nanoTime() >= step.end) {
        step.unposted.add(seq);
        return;
      }
      sleepUntil(due);
      post(step, seq);
    }
  }

  private void post(Step step, int seq) {
    clock.sent(seq);
    long sent = Latencies.nowMicros();
    var answer = api.send("POST", "/api/posts", body.apply(seq));
    step.acks.record(Latencies.nowMicros() - sent);
    step.highestPosted.accumulateAndGet(seq, Math::max);
    if (answer.status() == 201) {
      step.created.incrementAndGet();
    } else {
      step.failed.incrementAndGet();
      Progress.log("post %d answered %d: %s", seq, answer.status(), answer.body());
    }
  }

  private static void sleepUntil(long due) {
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
