package dev.millrace.hub;

import static dev.millrace.hub.testing.HubFixture.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.hub.testing.HubFixture;
import dev.millrace.hub.testing.Jwts;
import dev.millrace.sse.testing.SseParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Updates published by the Symfony Mercure component ({@code symfony/mercure}, Debian's {@code
 * php-symfony-mercure}), the publisher Symfony and API Platform applications use, reach the hub's
 * subscribers as that library meant them: alternate topics, the publisher's id, type and retry, and
 * private updates only for subscribers allowed to see them.
 */
class SymfonyPublisherTest {

  private static final Path PHP = Path.of("/usr/bin/php");
  private static final Path LIBRARY =
      Path.of("/usr/share/php/Symfony/Component/Mercure/autoload.php");
  private static final String BOOKS = "https://example.com/books/{id}";

  private final HubFixture fixture = new HubFixture(HubFixture.OPTIONS.withAnonymous(true));

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void updatesPublishedBySymfonysPublisherReachTheSubscribersTheyAreFor() throws Exception {
    var anonymous = fixture.subscribe(null, topics(BOOKS));
    var allowed = fixture.subscribe(Jwts.subscriber(List.of(BOOKS)), topics(BOOKS));
    await().until(() -> fixture.hub.connections() == 2);

    var ids =
        publishWithSymfony(
            """
            [
              {"topics": ["https://example.com/books/1", "https://example.com/authors/7"],
               "data": "{\\"title\\":\\"public\\"}", "id": "book-1-v1", "type": "book.updated",
               "retry": 3000},
              {"topics": "https://example.com/books/2", "data": "{\\"title\\":\\"secret\\"}",
               "private": true},
              {"topics": "https://example.com/books/3", "data": "last"}
            ]
            """);

    assertThat(ids).hasSize(3);
    assertThat(ids.get(0)).isEqualTo("book-1-v1");
    assertThat(ids.get(1)).matches("urn:uuid:[0-9a-f-]{36}");
    await().until(() -> allowed.events.size() == 3 && anonymous.events.size() == 2);
    assertThat(allowed.events)
        .containsExactly(
            new SseParser.Event("book-1-v1", "book.updated", "{\"title\":\"public\"}"),
            new SseParser.Event(ids.get(1), "message", "{\"title\":\"secret\"}"),
            new SseParser.Event(ids.get(2), "message", "last"));
    assertThat(anonymous.events)
        .as("the private update is not for a subscriber without a JWT")
        .extracting(SseParser.Event::data)
        .containsExactly("{\"title\":\"public\"}", "last");
    assertThat(allowed.raw()).contains("event: book.updated\nretry: 3000\n");
  }

  @Test
  void symfonysPublisherReportsAHubRefusal() throws Exception {
    var result =
        runSymfony(
            Jwts.publisher(List.of("https://example.com/other/{id}")),
            "[{\"topics\": \"https://example.com/books/1\", \"data\": \"refused\"}]");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.error()).contains("403");
  }

  private List<String> publishWithSymfony(String updates) throws Exception {
    var result = runSymfony(Jwts.publisher(List.of("*")), updates);
    assertThat(result.exitCode()).as(result.error()).isZero();
    return result.output().lines().toList();
  }

  private record Run(int exitCode, String output, String error) {}

  private Run runSymfony(String jwt, String updates) throws Exception {
    assertThat(Files.isExecutable(PHP) && Files.exists(LIBRARY))
        .as(
            "the Symfony Mercure publisher is needed: apt-get install php-cli php-symfony-mercure"
                + " (./test installs it)")
        .isTrue();
    var process =
        new ProcessBuilder(PHP.toString(), script().toString(), fixture.url(MercureHub.PATH), jwt)
            .start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(updates.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("php finished").isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static Path script() throws URISyntaxException, IOException {
    var resource = SymfonyPublisherTest.class.getResource("/symfony/publish.php");
    assertThat(resource).isNotNull();
    return Path.of(resource.toURI());
  }
}
