package dev.millrace.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the bench starts a server JVM, so that it measures what users run: the server jar through
 * {@code scripts/run-server}, the launcher of {@code ./millrace} and {@code scripts/cluster}; the
 * bench's own hosts (the hub alone, the feeds app with another rendering) with the same JVM options
 * file. Flags given to the bench replace the shipped options in both cases, as {@code
 * MILLRACE_JAVA_OPTS} does for users.
 *
 * @param repository the checkout holding {@code scripts/run-server} and {@code
 *     apps/server/jvm.options}
 * @param jvmFlags options that replace the shipped ones, or {@code null} for the shipped ones
 */
public record ServerLaunch(Path repository, List<String> jvmFlags) {

  static final String LAUNCHER = "scripts/run-server";
  static final String JVM_OPTIONS = "apps/server/jvm.options";

  public ServerLaunch {
    jvmFlags = jvmFlags == null ? null : List.copyOf(jvmFlags);
  }

  /** The shipped options, or {@code jvmFlags} instead; the checkout found from the working dir. */
  public static ServerLaunch of(List<String> jvmFlags) {
    return new ServerLaunch(findRepository(), jvmFlags);
  }

  /** The command that runs {@code jar} with {@code arguments} as {@code ./millrace} would. */
  List<String> serverJar(List<String> arguments) {
    var command = new ArrayList<String>();
    command.add(repository.resolve(LAUNCHER).toString());
    command.addAll(arguments);
    return command;
  }

  /** The environment of {@link #serverJar}: the bench's JDK, the jar, the replaced options. */
  Map<String, String> serverJarEnvironment(Path jar) {
    var env = new HashMap<String, String>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("MILLRACE_JAR", jar.toAbsolutePath().toString());
    if (jvmFlags != null) {
      env.put("MILLRACE_JAVA_OPTS", String.join(" ", jvmFlags));
    }
    return env;
  }

  /** {@code java <options> -cp <the bench's class path> mainClass arguments…}. */
  List<String> benchClass(Class<?> mainClass, List<String> arguments) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jvmFlags == null) {
      try {
        command.addAll(shippedOptions());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + repository.resolve(JVM_OPTIONS), e);
      }
    } else {
      command.addAll(jvmFlags);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(arguments);
    return command;
  }

  /** What process {@code pid} runs, as the kernel reports it: the settings a report names. */
  String commandLine(long pid) {
    try {
      var raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
      return String.join(" ", raw.split("\0"))
          .replace(System.getProperty("java.class.path"), "<bench class path>");
    } catch (IOException e) {
      return "(command line of pid " + pid + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** The options in {@code apps/server/jvm.options}. */
  public List<String> shippedOptions() throws IOException {
    return Files.readAllLines(repository.resolve(JVM_OPTIONS)).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  private static Path findRepository() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve(LAUNCHER))
          && Files.isRegularFile(dir.resolve(JVM_OPTIONS))) {
        return dir;
      }
    }
    throw new TargetFailedException(
        "no Millrace checkout (with " + LAUNCHER + ") in or above " + Path.of("").toAbsolutePath(),
        null);
  }
}
