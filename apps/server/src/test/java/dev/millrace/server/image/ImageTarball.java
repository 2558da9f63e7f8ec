package dev.millrace.server.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker image tarball (as {@code jib:buildTar} writes it) unpacked into a root file system: the
 * layers applied in order, and the image's entry point, environment and user.
 */
record ImageTarball(Path root, List<String> entrypoint, List<String> environment, String user) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ImageTarball unpack(Path tarball, Path into) throws Exception {
    Path parts = Files.createDirectories(into.resolve("parts"));
    Path root = Files.createDirectories(into.resolve("root"));
    run("tar", "-xf", tarball.toString(), "-C", parts.toString());
    JsonNode manifest = JSON.readTree(parts.resolve("manifest.json").toFile()).get(0);
    for (JsonNode layer : manifest.path("Layers")) {
      run("tar", "-xzf", parts.resolve(layer.asText()).toString(), "-C", root.toString());
    }
    JsonNode config =
        JSON.readTree(parts.resolve(manifest.path("Config").asText()).toFile()).path("config");
    return new ImageTarball(
        root,
        strings(config.path("Entrypoint")),
        strings(config.path("Env")),
        config.path("User").asText());
  }

  private static List<String> strings(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
