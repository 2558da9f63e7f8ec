package dev.millrace.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.bench.server.NchanTarget;
import dev.millrace.bench.server.ServerLaunch;
import dev.millrace.bench.server.Target;
import dev.millrace.bench.server.TargetLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Short runs of scenarios a and c, scaled down, against each server (one server process per kind
 * for the class): nothing may be lost, duplicated or reordered.
 */
@Tag("slow")
class FanOutScenarioTest {

  private static final Duration WARMUP = Duration.ofSeconds(1);
  private static final Duration MEASURED = Duration.ofSeconds(2);
  private static final TargetLauncher LAUNCHER =
      new TargetLauncher(
          Path.of("unused.jar"),
          ServerLaunch.of(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")),
          1);
  private static final Map<String, Target> SERVERS = new HashMap<>();

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(Target::close);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hub", "nchan"})
  void scenarioAOnASmallScaleDeliversEveryMessageOnceInOrder(String server) throws Exception {
    var spec = FanOutSpec.a(WARMUP, MEASURED).scaled(50, 1, 20);

    var result = run(server, spec);

    assertDeliveredEverythingOnce(result, 50);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hub", "nchan"})
  void scenarioCOnASmallScaleDeliversEveryMessageOnceInOrder(String server) throws Exception {
    var spec = FanOutSpec.c(WARMUP, MEASURED).scaled(300, 10, 50);

    var result = run(server, spec);

    assertDeliveredEverythingOnce(result, 300);
  }

  private FanOutResult run(String server, FanOutSpec spec) throws InterruptedException {
    assumeTrue(!server.equals("nchan") || NchanTarget.available(), "nginx+nchan not installed");
    var target = SERVERS.computeIfAbsent(server, LAUNCHER::start);
    return new FanOutScenario(1, Duration.ofMillis(300)).run(target, spec);
  }

  private static void assertDeliveredEverythingOnce(FanOutResult result, int subscribers) {
    assertThat(result.published()).isPositive();
    assertThat(result.publishFailed()).isZero();
    assertThat(result.expectedDeliveries())
        .isEqualTo(result.published() * subscribers / result.topics());
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.reordered()).isZero();
    assertThat(result.foreign()).isZero();
    assertThat(result.measuredDeliveries()).isPositive();
    assertThat(result.p99Millis()).isPositive();
    // Both memory samples were taken; their difference is the benchmark's to report, not a test's
    // to judge (a collection between them can shrink the heap).
    assertThat(result.rssBaselineBytes()).isPositive();
    assertThat(result.rssIdleBytes()).isPositive();
  }
}
