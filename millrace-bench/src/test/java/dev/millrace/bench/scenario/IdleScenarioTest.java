package dev.millrace.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.millrace.bench.server.NchanTarget;
import dev.millrace.bench.server.ServerLaunch;
import dev.millrace.bench.server.TargetLauncher;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A small idle-capacity run through a worker process: every stream opens and is measured. */
@Tag("slow")
class IdleScenarioTest {

  private static final TargetLauncher LAUNCHER =
      new TargetLauncher(
          Path.of("unused.jar"),
          ServerLaunch.of(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")),
          1);

  @ParameterizedTest
  @ValueSource(strings = {"hub", "nchan"})
  void opensEveryStreamInAWorkerProcessAndMeasuresTheServer(String server) throws Exception {
    assumeTrue(!server.equals("nchan") || NchanTarget.available(), "nginx+nchan not installed");

    IdleResult result;
    try (var target = LAUNCHER.start(server)) {
      result =
          new IdleScenario(Path.of(System.getProperty("java.home"), "bin", "java"))
              .run(target, 300);
    }

    assertThat(result.opened()).isEqualTo(300);
    assertThat(result.failed()).isZero();
    assertThat(result.openFilesLimit()).isPositive();
    assertThat(result.rssOpenBytes()).isGreaterThan(result.rssBaselineBytes());
  }
}
