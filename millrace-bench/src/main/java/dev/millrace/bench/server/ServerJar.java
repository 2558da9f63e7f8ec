package dev.millrace.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How the bench starts the Millrace server jar: loopback, a given port, data in a work dir. */
final class ServerJar {

  private ServerJar() {}

  /**
   * The server arguments that run {@code jar} on {@code port} with its data under {@code workDir},
   * which this creates.
   */
  static List<String> arguments(Path jar, Path workDir, int port) {
    if (!Files.isRegularFile(jar)) {
      throw new TargetFailedException(
          "no server jar at " + jar + ": build it with ./mvnw package -pl apps/server -am", null);
    }
    createWorkDir(workDir);
    return List.of(
        "--host",
        "127.0.0.1",
        "--port",
        Integer.toString(port),
        "--data-dir",
        workDir.resolve("data").toString());
  }

  static void createWorkDir(Path workDir) {
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + workDir, e);
    }
  }
}
