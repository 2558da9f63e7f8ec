package dev.millrace.bench.app;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Build runners appending log lines: a few threads, each owning some steps; every batch period each
 * step gets the lines due by then (its share of the total rate), numbered on from its last, one
 * request per step at a time so its numbers stay consecutive.
 */
final class LogRunners {

  private static final int THREADS = 4;

  private final ApiClient api;
  private final List<String> steps;
  private final LogsSpec spec;
  private final AtomicLongArray appended;
  private final AtomicLong failed = new AtomicLong();

  LogRunners(ApiClient api, List<String> steps, LogsSpec spec) {
    this.api = api;
    this.steps = List.copyOf(steps);
    this.spec = spec;
    this.appended = new AtomicLongArray(steps.size());
  }

  /** Appends for the spec's duration; returns when every runner has stopped. */
  void run() throws InterruptedException {
    int threads = Math.min(THREADS, steps.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int owner = t;
      pool.execute(() -> append(owner, threads, start));
    }
    pool.shutdown();
    if (!pool.awaitTermination(spec.duration().toSeconds() + 120, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }

  long appended(int step) {
    return appended.get(step);
  }

  long appendedTotal() {
    long total = 0;
    for (int s = 0; s < appended.length(); s++) {
      total += appended.get(s);
    }
    return total;
  }

  long failed() {
    return failed.get();
  }

  private void append(int owner, int threads, long start) {
    double perStepPerNano = spec.linesPerSecond() / steps.size() / 1e9;
    long end = start + spec.duration().toNanos();
    long period = TimeUnit.MILLISECONDS.toNanos(spec.batchMillis());
    for (long tick = start + period; tick <= end; tick += period) {
      long wait = tick - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      long due = (long) ((tick - start) * perStepPerNano);
      for (int s = owner; s < steps.size(); s += threads) {
        long from = appended.get(s) + 1;
        if (due >= from && send(s, from, due)) {
          appended.set(s, due);
        }
      }
    }
  }

  private boolean send(int step, long from, long to) {
    var body = new StringBuilder("{\"lines\":[");
    for (long n = from; n <= to; n++) {
      if (n > from) {
        body.append(',');
      }
      body.append("{\"number\":").append(n).append(",\"text\":\"");
      body.append(LogViewer.lineText(n)).append("\"}");
    }
    body.append("]}");
    try {
      var answer = api.send("POST", steps.get(step) + "/logs", body.toString());
      if (answer.status() == 200 && answer.body().contains("\"refused\":0")) {
        return true;
      }
    } catch (ApiCallFailedException e) {
      // Counted below; the same lines are sent again with the next batch.
    }
    failed.incrementAndGet();
    return false;
  }
}
