package dev.millrace.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.bench.server.NchanTarget;
import dev.millrace.bench.server.ServerLaunch;
import dev.millrace.bench.server.TargetLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A small reconnect storm: every stream resumes with Last-Event-ID and nothing is lost. */
@Tag("slow")
class StormScenarioTest {

  private static final TargetLauncher LAUNCHER =
      new TargetLauncher(
          Path.of("unused.jar"),
          ServerLaunch.of(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")),
          1);

  @ParameterizedTest
  @ValueSource(strings = {"hub", "nchan"})
  void droppedStreamsAllResumeWithoutLossOrDuplicates(String server) throws Exception {
    assumeTrue(!server.equals("nchan") || NchanTarget.available(), "nginx+nchan not installed");
    var spec = FanOutSpec.c(Duration.ofSeconds(1), Duration.ofSeconds(1)).scaled(200, 10, 50);

    StormResult result;
    try (var target = LAUNCHER.start(server)) {
      result = new StormScenario(1).run(target, spec, Duration.ofMillis(300));
    }

    assertThat(result.allResumed()).isTrue();
    assertThat(result.published()).isPositive();
    assertThat(result.publishFailed()).isZero();
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.reordered()).isZero();
    assertThat(result.rssPeakBytes()).isPositive();
  }
}
