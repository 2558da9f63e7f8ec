package dev.millrace.buildlogs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.millrace.testsupport.Chromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The browser's ANSI renderer ({@code assets/ansi.js}) on real tool output: it runs in Chromium, on
 * a blank page, with no server.
 */
@Tag("browser")
class AnsiRenderingTest {

  static Chromium chromium;
  static Page page;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    page = chromium.newWindow();
    page.addScriptTag(
        new Page.AddScriptTagOptions().setContent(resource("/webroot/buildlogs/assets/ansi.js")));
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parse(String line) {
    return (List<Map<String, Object>>) page.evaluate("line => Ansi.parse(line)", line);
  }

  static Map<String, Object> segment(String line, String text) {
    return parse(line).stream()
        .filter(s -> text.equals(s.get("t")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no segment '" + text + "' in " + parse(line)));
  }

  @Test
  void mavenLevelsAndBoldGreenSuccess() {
    var lines = sample("maven.log");
    assertThat(segment(lines.get(0), "INFO").get("c")).isEqualTo("ansi-fg-4 ansi-bold");
    var success = lines.stream().filter(l -> l.contains("BUILD SUCCESS")).findFirst().orElseThrow();
    assertThat(segment(success, "BUILD SUCCESS").get("c")).isEqualTo("ansi-fg-2 ansi-bold");
    var plugin = lines.stream().filter(l -> l.contains("enforcer")).findFirst().orElseThrow();
    assertThat(segment(plugin, "enforcer:3.7.0:enforce").get("c")).isEqualTo("ansi-fg-2");
    assertThat(segment(plugin, "millrace-parent").get("c")).isEqualTo("ansi-fg-6");
  }

  @Test
  void npmBoldPrefixRedErrorAndBrightBlueCode() {
    var line =
        sample("npm.log").stream().filter(l -> l.contains("ENOTCACHED")).findFirst().orElseThrow();
    assertThat(segment(line, "npm").get("c")).isEqualTo("ansi-bold");
    assertThat(segment(line, "error").get("c")).isEqualTo("ansi-fg-1");
    assertThat(segment(line, "code").get("c")).isEqualTo("ansi-fg-12");
    assertThat(segment(line, " ENOTCACHED").get("c")).isEqualTo("");
  }

  @Test
  void gitDecorationsAndDiff() {
    var lines = sample("git.log");
    assertThat(segment(lines.get(0), "HEAD -> ").get("c")).isEqualTo("ansi-fg-6 ansi-bold");
    assertThat(segment(lines.get(0), "tag: v1").get("c")).isEqualTo("ansi-fg-3 ansi-bold");
    var removed = lines.stream().filter(l -> l.contains("-two")).findFirst().orElseThrow();
    assertThat(segment(removed, "-two").get("c")).isEqualTo("ansi-fg-1");
    var added = lines.stream().filter(l -> l.contains("three")).findFirst().orElseThrow();
    assertThat(segment(added, "+three").get("c"))
        .as("adjacent equal runs merge")
        .isEqualTo("ansi-fg-2");
  }

  @Test
  void colours256AndTrueColourBecomeInlineColours() {
    var style = (Map<?, ?>) segment("\u001b[38;5;208morange\u001b[0m", "orange").get("s");
    assertThat(style.get("color")).isEqualTo("rgb(255,135,0)");
    style = (Map<?, ?>) segment("\u001b[48;5;240mgrey\u001b[0m", "grey").get("s");
    assertThat(style.get("backgroundColor")).isEqualTo("rgb(88,88,88)");
    style = (Map<?, ?>) segment("\u001b[38;2;10;20;300mrgb", "rgb").get("s");
    assertThat(style.get("color")).isEqualTo("rgb(10,20,255)");
    assertThat(segment("\u001b[38;5;9mbright", "bright").get("c")).isEqualTo("ansi-fg-9");
  }

  @Test
  void brightBackgroundsAttributesAndResets() {
    assertThat(segment("\u001b[30;103m WARN \u001b[0m", " WARN ").get("c"))
        .isEqualTo("ansi-fg-0 ansi-bg-11");
    assertThat(segment("\u001b[1;3;4;9mall\u001b[22;23;24;29m none", "all").get("c"))
        .isEqualTo("ansi-bold ansi-italic ansi-underline ansi-strike");
    assertThat(segment("\u001b[1;3;4;9mall\u001b[22;23;24;29m none", " none").get("c"))
        .isEqualTo("");
    assertThat(segment("\u001b[31;7minverse", "inverse").get("c"))
        .isEqualTo("ansi-fg-inverse ansi-bg-1");
  }

  @Test
  void dropsOscCursorAndControlSequences() {
    assertThat(
            text(
                "see \u001b]8;;https://example.com\u001b\\docs\u001b]8;;\u001b\\ \u001b]0;t\u0007ok"))
        .isEqualTo("see docs ok");
    assertThat(text("\u001b[?25l\u001b[2K\u001b[1G\u001b[32mbuilding\u001b[0m\u001b[K"))
        .isEqualTo("building");
    assertThat(text("[#  ] 10%\r[###] 100%\r")).isEqualTo("[###] 100%");
    assertThat(text("bell\u0007 nul\u0000 tab\t.")).isEqualTo("bell nul tab\t.");
  }

  private static String text(String line) {
    return (String) page.evaluate("line => Ansi.strip(line)", line);
  }

  private static List<String> sample(String name) {
    return resource("/ansi/" + name).lines().toList();
  }

  private static String resource(String path) {
    try (var in = AnsiRenderingTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
