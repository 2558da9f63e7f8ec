package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.sse.SseServerOptions;
import io.vertx.core.transport.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void flagsOverrideDefaults() {
    var main = new Main();
    new CommandLine(main)
        .parseArgs(
            "--port",
            "9191",
            "--data-dir",
            "/tmp/millrace-x",
            "--transport",
            "nio",
            "--step-timeout",
            "90s");

    assertThat(main.config().port()).isEqualTo(9191);
    assertThat(main.config().stepTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(main.config().dataDir()).isEqualTo(Path.of("/tmp/millrace-x"));
    assertThat(main.config().transport()).isEqualTo("nio");
  }

  @Test
  void theHubFlagsMakeTheHubOptions() {
    var main = new Main();
    new CommandLine(main)
        .parseArgs(
            "--hub-publisher-jwt-key",
            "publisher-key-0123456789abcdef-0123456789",
            "--hub-subscriber-jwt-key",
            "subscriber-key-0123456789abcdef-012345678",
            "--hub-jwt-algorithm",
            "hs256",
            "--hub-anonymous",
            "--hub-cors-origins",
            "https://a.example, https://b.example",
            "--hub-history",
            "500,2h",
            "--hub-subscriptions");

    var hub = main.config().hub();
    assertThat(hub.publisherJwtKey()).startsWith("publisher-key");
    assertThat(hub.effectiveSubscriberKey()).startsWith("subscriber-key");
    assertThat(hub.algorithm()).isEqualTo(dev.millrace.hub.JwtAlgorithm.HS256);
    assertThat(hub.anonymous()).isTrue();
    assertThat(hub.corsOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(hub.history().maxCount()).isEqualTo(500);
    assertThat(hub.history().maxAge()).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(hub.subscriptions()).isTrue();
    assertThat(hub.toString()).doesNotContain("publisher-key", "subscriber-key");
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
    if (System.getenv("MILLRACE_STEP_TIMEOUT") == null) {
      assertThat(main.config().stepTimeout()).isEqualTo(ServerConfig.DEFAULT_STEP_TIMEOUT);
    }
    if (System.getenv("MILLRACE_TRANSPORT") == null) {
      assertThat(main.config().transport()).isEqualTo(ServerConfig.DEFAULT_TRANSPORT);
    }
  }

  @Test
  void theDefaultTransportIsAutoWhichPrefersIoUringThenEpollThenNio() {
    assertThat(ServerConfig.DEFAULT_TRANSPORT).isEqualTo("auto");
    var expected =
        Transport.IO_URING.available()
            ? Transport.IO_URING
            : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;

    assertThat(SseServerOptions.transport(ServerConfig.DEFAULT_TRANSPORT)).isEqualTo(expected);
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

  static final String STRONG = "c0rrect-horse-battery-staple";
  static final String KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void weakTokensAndShortSigningKeysAreRefusedWithTheReasonInOneLine() {
    assertRefused(
        "the runner token (--runner-token, MILLRACE_RUNNER_TOKEN) is too weak: 6"
            + " characters, at least 16",
        "--runner-token",
        "secret");
    assertRefused(
        "the viewer token (--viewer-token, MILLRACE_VIEWER_TOKEN) is too weak: about 75" + " bits",
        "--runner-token",
        STRONG,
        "--viewer-token",
        "abcdefghijklmnop");
    assertRefused("is too weak: 2 different characters", "--runner-token", "abababababababababab");
    assertRefused(
        "the signing key (--signing-key, MILLRACE_SIGNING_KEY) is too short: 16 bytes,"
            + " at least 32",
        "--signing-key",
        KEY.substring(0, 32));
    assertRefused(
        "the signing key (--signing-key, MILLRACE_SIGNING_KEY) must be hex or base64",
        "--signing-key",
        "not a key at all!");
  }

  @Test
  void strongTokensAndAKeyInHexOrBase64AreAccepted() {
    var main = new Main();
    new CommandLine(main)
        .parseArgs(
            "--runner-token",
            STRONG,
            "--viewer-token",
            "Viewer-Token-2026",
            "--signing-key",
            KEY,
            "--trust-proxy");
    assertThat(main.config().access().signingKey()).isEqualTo(KEY);
    assertThat(main.config().access().trustProxy()).isTrue();
    assertThat(main.config().access().toString()).doesNotContain(KEY, STRONG);
    var base64 =
        java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(KEY));
    new CommandLine(main).parseArgs("--signing-key", base64);
    assertThat(main.config().access().signingKey()).isEqualTo(base64);
  }

  @Test
  void severalNodesOnNatsMustShareAConfiguredSigningKey() {
    assertRefused(
        "set --signing-key (MILLRACE_SIGNING_KEY) to the same key on every node",
        "--nats-url",
        "nats://127.0.0.1:4222");
    var main = new Main();
    new CommandLine(main).parseArgs("--nats-url", "nats://127.0.0.1:4222", "--signing-key", KEY);
    assertThat(main.config().messaging().natsUrl()).isEqualTo("nats://127.0.0.1:4222");
  }

  @Test
  void thePublicUrlIsTheConfiguredOneWithoutItsTrailingSlashElseThisNodesAddress() {
    var main = new Main();
    new CommandLine(main).parseArgs("--public-url", "https://feeds.example.com/millrace/");
    assertThat(main.config().publicUrl(8080)).isEqualTo("https://feeds.example.com/millrace");

    var everyAddress = ServerConfig.embedded("0.0.0.0", 8080, Path.of("data"));
    assertThat(everyAddress.publicUrl()).isNull();
    assertThat(everyAddress.publicUrl(8080)).isEqualTo("http://localhost:8080");
    var loopback = ServerConfig.embedded("127.0.0.1", 0, Path.of("data"));
    assertThat(loopback.publicUrl(41234)).isEqualTo("http://127.0.0.1:41234");
    var ipv6 = ServerConfig.embedded("::1", 0, Path.of("data"));
    assertThat(ipv6.publicUrl(9000)).isEqualTo("http://[::1]:9000");
  }

  @Test
  void aPublicUrlThatIsNoAbsoluteHttpUrlIsRefused() {
    for (var bad :
        new String[] {"feeds.example.com", "ftp://host", "http://host/?a=b", "http://"}) {
      assertRefused(
          "the public URL (--public-url, MILLRACE_PUBLIC_URL) must be an absolute http or https URL",
          "--public-url",
          bad);
    }
  }

  /** Runs the command line as {@code main} does: it must exit 1 with one line on stderr. */
  private static void assertRefused(String reason, String... args) {
    var err = new StringWriter();
    var commandLine = Main.commandLine(new Main());
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("millrace: ").contains(reason);
    assertThat(err.toString().strip()).doesNotContain("\n");
  }
}
