package dev.millrace.buildlogs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text without colours, on real tool output and on what tools do to a terminal. */
class AnsiTextTest {

  /** Lines of a sample recorded from a tool with colours forced on. */
  static List<String> sample(String name) {
    try (var in = AnsiTextTest.class.getResourceAsStream("/ansi/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void mavenOutput() {
    var lines = sample("maven.log").stream().map(AnsiText::strip).toList();
    assertThat(lines.getFirst()).isEqualTo("[INFO] Scanning for projects...");
    assertThat(lines)
        .contains(
            "[INFO] --------------------< dev.millrace:millrace-parent >--------------------",
            "[INFO] --- enforcer:3.7.0:enforce (require-jdk-21) @ millrace-parent ---",
            "[INFO] BUILD SUCCESS");
    assertThat(String.join("\n", lines)).doesNotContain("\u001b", "[m", "[1;");
  }

  @Test
  void npmOutput() {
    var lines = sample("npm.log").stream().map(AnsiText::strip).toList();
    assertThat(lines).contains("└── UNMET DEPENDENCY left-pad@^1.3.0", "npm error code ENOTCACHED");
  }

  @Test
  void gitOutput() {
    var lines = sample("git.log").stream().map(AnsiText::strip).toList();
    assertThat(lines.getFirst()).endsWith(" (HEAD -> feature, tag: v1) Change a");
    assertThat(lines).contains("@@ -1,2 +1,2 @@", "-two", "+three", "## feature");
  }

  @Test
  void dropsHyperlinksTitlesAndCursorMovesButKeepsTheirText() {
    assertThat(
            AnsiText.strip(
                "see \u001b]8;;https://example.com/a\u001b\\the docs\u001b]8;;\u001b\\ now"))
        .isEqualTo("see the docs now");
    assertThat(AnsiText.strip("\u001b]0;window title\u0007done")).isEqualTo("done");
    assertThat(AnsiText.strip("\u001b[?25l\u001b[2K\u001b[1Gbuilding\u001b[?25h"))
        .isEqualTo("building");
    assertThat(AnsiText.strip("\u001b(Bplain\u001b)0")).isEqualTo("plain");
  }

  @Test
  void keepsWhatFollowsTheLastCarriageReturn() {
    assertThat(AnsiText.strip("[#    ] 20%\r[##   ] 40%\r[#####] 100%\r"))
        .isEqualTo("[#####] 100%");
    assertThat(AnsiText.strip("windows line\r")).isEqualTo("windows line");
  }

  @Test
  void dropsControlCharactersButKeepsTabs() {
    assertThat(AnsiText.strip("a\tb\u0007c\u0000d\u0008")).isEqualTo("a\tbcd");
    assertThat(AnsiText.strip("\u001b[38;5;208morange\u001b[38;2;10;20;30m rgb\u001b[0m"))
        .isEqualTo("orange rgb");
  }
}
