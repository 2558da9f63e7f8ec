package dev.millrace.buildlogs.ingest;

import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.Repo;
import dev.millrace.buildlogs.builds.StepRef;
import dev.millrace.buildlogs.events.BuildEvents;
import dev.millrace.buildlogs.events.StepChanged;
import dev.millrace.buildlogs.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends runner output to a step: masks the build's secrets, caps line length and step size,
 * stores, then announces the new lines. Blocking; thread-safe.
 */
public final class LogService {

  private static final int MASKER_CACHE = 256;

  private final BuildStore builds;
  private final LogStore logs;
  private final BuildEvents events;
  private final long stepCapBytes;
  private final Map<Long, SecretMasker> maskers =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, SecretMasker> eldest) {
          return size() > MASKER_CACHE;
        }
      };
  private final Counter appended;
  private final Counter duplicates;
  private final Counter refused;

  public LogService(
      BuildStore builds,
      LogStore logs,
      BuildEvents events,
      long stepCapBytes,
      MeterRegistry registry) {
    this.builds = builds;
    this.logs = logs;
    this.events = events;
    this.stepCapBytes = stepCapBytes;
    this.appended = registry.counter("buildlogs.lines", "outcome", "stored");
    this.duplicates = registry.counter("buildlogs.lines", "outcome", "duplicate");
    this.refused = registry.counter("buildlogs.lines", "outcome", "refused");
  }

  public AppendResult append(Repo repo, int build, int step, List<IncomingLine> lines) {
    var ref =
        builds
            .findStep(repo, build, step)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        repo.slug() + " has no build " + build + " with a step " + step));
    var result = logs.append(ref.stepId(), lines, masker(ref), stepCapBytes);
    appended.increment(result.accepted());
    duplicates.increment(result.duplicates());
    refused.increment(result.refused());
    if (result.lastLine() > ref.lines()) {
      events.publish(
          BuildEvents.LINES_APPENDED,
          new StepChanged(
              ref.stepId(),
              ref.buildId(),
              repo.slug() + "#" + build,
              ref.lines() + 1,
              result.lastLine(),
              ref.status().wire()));
    }
    return result;
  }

  public long stepCapBytes() {
    return stepCapBytes;
  }

  private SecretMasker masker(StepRef ref) {
    synchronized (maskers) {
      var cached = maskers.get(ref.buildId());
      if (cached != null) {
        return cached;
      }
    }
    var masker = new SecretMasker(builds.secrets(ref.buildId()));
    synchronized (maskers) {
      maskers.put(ref.buildId(), masker);
    }
    return masker;
  }
}
