package dev.millrace.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.server.crash.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image built by {@code -Pimage} runs as shipped: its entry point starts the server
 * as the image's unprivileged user with the shipped JVM options, on the embedded default with its
 * data in the {@code /data} volume, which survives a restart of the container.
 */
class ContainerImageIT {

  private static final Path TARBALL = Path.of("target/millrace-server-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  @Timeout(300)
  void theImageServesWithTheShippedOptionsAndKeepsItsDataAcrossRestarts() throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(TARBALL), "no image tarball: build with -Pimage to test the image");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "running the image without a container runtime needs root (chroot, mounts)");
    var image = ImageTarball.unpack(TARBALL, work);
    assertThat(image.user()).isEqualTo("10001:10001");
    int port = ServerProcess.freePort();
    var env = Map.of("MILLRACE_PORT", Integer.toString(port), "MILLRACE_MOCK_RUNNER", "false");
    Path log = work.resolve("container.log");

    String postId;
    try (var container = ImageContainer.start(image, env, port, log)) {
      assertThat(ImageContainer.run(image, env, java.util.List.of("health"), log))
          .as("the health check command")
          .isZero();
      String metrics = get(container.uri("/metrics")).body();
      assertThat(metrics).as("serial collector").contains("id=\"Tenured Gen\"");
      assertThat(heapMaxBytes(metrics)).as("-Xmx1g").isBetween(900L << 20, 1L << 30);
      var created =
          http.send(
              HttpRequest.newBuilder(container.uri("/api/posts"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"title\":\"From the image\",\"content\":\"kept in /data #image\","
                              + "\"author\":\"Image\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      postId = JSON.readTree(created.body()).path("id").asText();
    }
    assertThat(image.root().resolve("data/millrace.mv.db")).exists();

    try (var restarted = ImageContainer.start(image, env, port, log)) {
      var post = get(restarted.uri("/api/posts/" + postId));
      assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
      assertThat(post.body()).contains("kept in /data");
    }
    assertThat(Files.readString(log)).doesNotContain("Exception");
  }

  private HttpResponse<String> get(java.net.URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of the heap pools' maximum sizes in the Prometheus exposition. */
  private static long heapMaxBytes(String metrics) {
    var line =
        Pattern.compile("^jvm_memory_max_bytes\\{area=\"heap\",[^}]*} (\\S+)$", Pattern.MULTILINE);
    return line.matcher(metrics)
        .results()
        .mapToLong(m -> (long) Double.parseDouble(m.group(1)))
        .sum();
  }
}
