package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void flagsOverrideDefaults() {
    var main = new Main();
    new CommandLine(main).parseArgs("--port", "9191", "--data-dir", "/tmp/millrace-x");

    assertThat(main.config().port()).isEqualTo(9191);
    assertThat(main.config().dataDir()).isEqualTo(Path.of("/tmp/millrace-x"));
  }

  @Test
  void defaultsApplyWithoutFlagsOrEnvironment() {
    var main = new Main();
    new CommandLine(main).parseArgs();

    var expectedPort =
        System.getenv("MILLRACE_PORT") == null
            ? ServerConfig.DEFAULT_PORT
            : Integer.parseInt(System.getenv("MILLRACE_PORT"));
    assertThat(main.config().port()).isEqualTo(expectedPort);
  }
}
