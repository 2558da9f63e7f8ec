package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void flagsOverrideDefaults() {
    var main = new Main();
    new CommandLine(main)
        .parseArgs("--port", "9191", "--data-dir", "/tmp/millrace-x", "--transport", "nio");

    assertThat(main.config().port()).isEqualTo(9191);
    assertThat(main.config().dataDir()).isEqualTo(Path.of("/tmp/millrace-x"));
    assertThat(main.config().transport()).isEqualTo("nio");
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

  @Test
  void anUnknownTransportFailsStartupWithTheAcceptedNames() {
    var main = new Main();
    new CommandLine(main).parseArgs("--port", "0", "--transport", "carrier-pigeon");

    assertThatThrownBy(() -> MillraceServer.start(main.config()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown transport 'carrier-pigeon'")
        .hasMessageContaining("auto, epoll, io_uring, nio");
  }
}
