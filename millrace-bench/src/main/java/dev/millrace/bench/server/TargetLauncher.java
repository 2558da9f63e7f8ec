package dev.millrace.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a fresh server of a named kind on a free loopback port, in its own work folder.
 *
 * @param launch how the Millrace JVMs start (the shipped JVM options unless replaced)
 */
public record TargetLauncher(Path serverJar, ServerLaunch launch, int nchanWorkers) {

  public Target start(String name) {
    Path work = workDir(name);
    int port = freePort();
    return switch (name) {
      case "millrace" -> MillraceTarget.start(launch, serverJar, work, port);
      case "hub" -> MillraceTarget.startHubOnly(launch, work, port);
      case "nchan" -> NchanTarget.start(work, port, nchanWorkers);
      default -> throw new IllegalArgumentException("unknown target " + name);
    };
  }

  private static Path workDir(String name) {
    try {
      return Files.createTempDirectory("millrace-bench-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work folder", e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
