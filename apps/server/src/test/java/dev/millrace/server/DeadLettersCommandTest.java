package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeadLettersCommandTest {

  @TempDir Path dataDir;

  private MillraceServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void start() {
    server =
        MillraceServer.start(
            ServerConfig.embedded("127.0.0.1", 0, dataDir.resolve("data"))
                .withMockRunner(false)
                .withAccess(
                    AccessConfig.none().withAdminToken("cli-admin-token-0123456789abcdef")));
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(stdout);
    System.setErr(stderr);
    server.close();
  }

  @Test
  void listsReplaysAndDropsThroughTheAdminApi() {
    assertThat(run("list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"count\" : 0");

    assertThat(run("replay", "no-such-id")).isEqualTo(1);
    assertThat(run("drop", "no-such-id")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not_found");
  }

  @Test
  void aWrongTokenIsRefusedAndAMissingOneIsReported() {
    var url = "http://127.0.0.1:" + server.port();
    assertThat(
            new CommandLine(new Main())
                .execute("dead-letters", "--url", url, "--admin-token", "wrong", "list"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unauthorized");
    assertThat(
            new CommandLine(new Main())
                .execute(
                    "dead-letters",
                    "list",
                    "--url",
                    url,
                    "--admin-token",
                    "cli-admin-token-0123456789abcdef"))
        .isZero(); // the options work after the subcommand too
  }

  private int run(String... args) {
    var url = "http://127.0.0.1:" + server.port();
    var command = new String[args.length + 5];
    command[0] = "dead-letters";
    command[1] = "--url";
    command[2] = url;
    command[3] = "--admin-token";
    command[4] = "cli-admin-token-0123456789abcdef";
    System.arraycopy(args, 0, command, 5, args.length);
    return new CommandLine(new Main()).execute(command);
  }
}
