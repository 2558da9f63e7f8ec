package dev.millrace.buildlogs.mock;

import dev.millrace.buildlogs.builds.Build;
import dev.millrace.buildlogs.builds.BuildService;
import dev.millrace.buildlogs.builds.Repo;
import dev.millrace.buildlogs.builds.RepoStore;
import dev.millrace.buildlogs.builds.Status;
import dev.millrace.buildlogs.ingest.IncomingLine;
import dev.millrace.buildlogs.ingest.LogService;
import dev.millrace.buildlogs.lifecycle.LifecycleStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fake builds through the runner API's services (create, append in batches, set statuses),
 * each on its own virtual thread, so the demo shows live logs without a real CI. Thread-safe.
 */
public final class MockRunner implements AutoCloseable {

  /** Most mock builds running at once; more are refused. */
  public static final int MAX_RUNNING = 4;

  static final Duration BATCH_INTERVAL = Duration.ofMillis(250);
  static final int BATCH_LINES = 500;

  private static final Logger log = LoggerFactory.getLogger(MockRunner.class);

  private final RepoStore repos;
  private final BuildService builds;
  private final LogService logs;
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();

  /** Slots taken, reserved atomically before a build is created: never above the maximum. */
  private final AtomicInteger slots = new AtomicInteger();

  private final LifecycleStore lifecycle;
  private final String nodeId;
  private volatile boolean closed;

  /** Mock builds record {@code nodeId}, so this node closes them if it restarts mid-build. */
  public MockRunner(
      RepoStore repos,
      BuildService builds,
      LogService logs,
      LifecycleStore lifecycle,
      String nodeId) {
    this.repos = repos;
    this.lifecycle = lifecycle;
    this.builds = builds;
    this.logs = logs;
    this.nodeId = nodeId;
  }

  /** Creates a build and starts running it; empty when {@link #MAX_RUNNING} builds are running. */
  public Optional<Build> start(MockBuild spec) {
    if (closed || !reserveSlot()) {
      return Optional.empty();
    }
    try {
      var build =
          builds.create(
              MockBuild.ORG, spec.repo(), MockOutput.STEPS, List.of(MockOutput.DEMO_SECRET));
      lifecycle.markMock(build.id(), nodeId);
      var repo = repos.find(MockBuild.ORG, spec.repo()).orElseThrow();
      var thread =
          Thread.ofVirtual()
              .name("mock-build-" + build.key())
              .unstarted(() -> run(repo, build, spec));
      running.add(thread);
      thread.start();
      return Optional.of(build);
    } catch (RuntimeException | Error e) {
      slots.decrementAndGet();
      throw e;
    }
  }

  /** Mock builds running or being created; never above {@link #MAX_RUNNING}. */
  public int running() {
    return slots.get();
  }

  private boolean reserveSlot() {
    while (true) {
      int taken = slots.get();
      if (taken >= MAX_RUNNING) {
        return false;
      }
      if (slots.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
  }

  private void run(Repo repo, Build build, MockBuild spec) {
    int current = 0;
    try {
      var output = new MockOutput(build.id() * 31 + build.number(), spec.scale());
      for (var step : build.steps()) {
        current = step.number();
        builds.setStepStatus(repo, build.number(), step.number(), Status.RUNNING);
        boolean fail = spec.failTests() && step.name().equals("test");
        var lines = output.lines(step.name(), repo.name(), fail);
        emit(repo, build.number(), step.number(), lines, spec.linesPerSecond());
        builds.setStepStatus(
            repo, build.number(), step.number(), fail ? Status.FAILURE : Status.SUCCESS);
        if (fail) {
          failRemaining(repo, build, step.number());
          return;
        }
      }
    } catch (InterruptedException e) {
      cancel(repo, build, current);
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("mock build {} failed", build.key(), e);
    } finally {
      running.remove(Thread.currentThread());
      slots.decrementAndGet();
    }
  }

  private void emit(Repo repo, int build, int step, List<String> lines, double perSecond)
      throws InterruptedException {
    var batch = new ArrayList<IncomingLine>();
    long lastFlush = System.nanoTime();
    long due = lastFlush;
    for (int i = 0; i < lines.size(); i++) {
      if (closed) {
        throw new InterruptedException("mock runner closed");
      }
      due += interval(perSecond);
      long wait = due - System.nanoTime();
      if (wait > 1_000_000) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      batch.add(new IncomingLine(i + 1, lines.get(i)));
      boolean flush = System.nanoTime() - lastFlush >= BATCH_INTERVAL.toNanos();
      if (flush || batch.size() >= BATCH_LINES) {
        logs.append(repo, build, step, batch);
        batch.clear();
        lastFlush = System.nanoTime();
      }
    }
    if (!batch.isEmpty()) {
      logs.append(repo, build, step, batch);
    }
  }

  /** Stopped mid-build (the app closes): the current step is cancelled, the later ones skipped. */
  private void cancel(Repo repo, Build build, int current) {
    try {
      for (var step : build.steps()) {
        if (step.number() >= current) {
          builds.setStepStatus(
              repo,
              build.number(),
              step.number(),
              step.number() == current ? Status.CANCELLED : Status.SKIPPED);
        }
      }
    } catch (RuntimeException e) {
      log.debug("mock build {} left unfinished; the next start closes it", build.key(), e);
    }
  }

  private void failRemaining(Repo repo, Build build, int failedStep) {
    for (var step : build.steps()) {
      if (step.number() > failedStep) {
        logs.append(
            repo,
            build.number(),
            step.number(),
            List.of(
                new IncomingLine(
                    1, MockOutput.YELLOW + "skipped: an earlier step failed" + MockOutput.RESET)));
        builds.setStepStatus(repo, build.number(), step.number(), Status.SKIPPED);
      }
    }
  }

  /** About 1/perSecond in nanoseconds, with jitter and the odd longer pause, like real tools. */
  private static long interval(double perSecond) {
    var random = ThreadLocalRandom.current();
    double seconds = (0.5 + random.nextDouble()) / perSecond;
    if (random.nextInt(60) == 0) {
      seconds += Math.min(1.5, 20 / perSecond);
    }
    return (long) (seconds * 1_000_000_000L);
  }

  /** Stops every mock build at its next line. */
  @Override
  public void close() {
    closed = true;
    running.forEach(Thread::interrupt);
  }
}
