package dev.millrace.server.image;

import dev.millrace.server.crash.HealthWait;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The image's entry point run as a container runtime would, without one: in a private mount
 * namespace, chrooted into the unpacked root, as the image's user, with only the image's
 * environment (plus the given variables), /proc and /dev bound from the host. Needs root.
 */
final class ImageContainer implements AutoCloseable {

  private final Process process;
  private final int port;

  private ImageContainer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ImageContainer start(ImageTarball image, Map<String, String> env, int port, Path log)
      throws Exception {
    var process =
        new ProcessBuilder(command(image, env, List.of()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    var container = new ImageContainer(process, port);
    try {
      container.awaitHealthy(Duration.ofSeconds(90));
      return container;
    } catch (Exception e) {
      container.close();
      throw e;
    }
  }

  /**
   * Runs the entry point with {@code args} in a container of its own, as {@code docker exec} or a
   * health check would; returns its exit code.
   */
  static int run(ImageTarball image, Map<String, String> env, List<String> args, Path log)
      throws Exception {
    var process =
        new ProcessBuilder(command(image, env, args))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("'" + String.join(" ", args) + "' did not end in 60 s");
    }
    return process.exitValue();
  }

  private static List<String> command(
      ImageTarball image, Map<String, String> env, List<String> args) {
    Path root = image.root();
    var command = new ArrayList<>(List.of("/usr/bin/env", "-i"));
    command.addAll(image.environment());
    env.forEach((name, value) -> command.add(name + "=" + value));
    command.addAll(List.of("/usr/sbin/chroot", "--userspec=" + image.user(), root.toString()));
    command.addAll(image.entrypoint());
    command.addAll(args);
    String mounts =
        "mkdir -p '%1$s/proc' '%1$s/dev' && mount --bind /proc '%1$s/proc'"
            + " && mount --rbind /dev '%1$s/dev' && exec \"$@\"";
    var full =
        new ArrayList<>(
            List.of("unshare", "--mount", "--fork", "sh", "-c", mounts.formatted(root), "sh"));
    full.addAll(command);
    return full;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private void awaitHealthy(Duration patience) throws Exception {
    HealthWait.until200(uri("/healthz"), process, patience, answer -> {});
  }

  /** Stops the server as {@code docker stop} does (SIGTERM), then makes sure all of it is gone. */
  @Override
  public void close() throws Exception {
    var processes = process.descendants().toList();
    processes.forEach(ProcessHandle::destroy);
    for (var handle : processes) {
      try {
        handle.onExit().get(30, TimeUnit.SECONDS);
      } catch (TimeoutException stuck) {
        handle.destroyForcibly();
      }
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
