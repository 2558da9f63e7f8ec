package dev.millrace.buildlogs.mock;

/**
 * What the mock runner should run.
 *
 * @param repo repository name under the {@code demo} org
 * @param linesPerSecond output rate of each step
 * @param scale multiplies the amount of output (1 is a few hundred lines per build)
 * @param failTests whether the test step fails
 */
public record MockBuild(String repo, double linesPerSecond, int scale, boolean failTests) {

  public static final String ORG = "demo";
  public static final String DEFAULT_REPO = "widgets";
  public static final double DEFAULT_LINES_PER_SECOND = 40;

  public MockBuild {
    if (repo == null || repo.isBlank()) {
      repo = DEFAULT_REPO;
    }
    if (linesPerSecond <= 0) {
      linesPerSecond = DEFAULT_LINES_PER_SECOND;
    }
    if (linesPerSecond > 100_000) {
      throw new IllegalArgumentException("linesPerSecond must be at most 100000");
    }
    if (scale < 1 || scale > 100) {
      scale = Math.min(100, Math.max(1, scale));
    }
  }

  public static MockBuild defaults() {
    return new MockBuild(DEFAULT_REPO, DEFAULT_LINES_PER_SECOND, 1, false);
  }
}
