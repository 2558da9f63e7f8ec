package dev.millrace.buildlogs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal blocking SSE reader for tests: one connection, events read one by one. */
public final class SseTestClient implements AutoCloseable {

  /** One received event; {@code id} is null when the event had none. */
  public record Event(String id, String name, String data) {}

  private final HttpResponse<java.io.InputStream> response;
  private final BufferedReader reader;

  private SseTestClient(HttpResponse<java.io.InputStream> response) {
    this.response = response;
    this.reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  /** Opens a stream; {@code headers} are name/value pairs (for example Last-Event-ID). */
  public static SseTestClient open(HttpClient client, String url, String... headers) {
    var builder =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return new SseTestClient(
          client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The next event, or null when the server ended the stream. Blocks. */
  public Event next() {
    String id = null;
    String name = null;
    StringBuilder data = null;
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            return new Event(id, name, data.toString());
          }
          id = null;
          name = null;
          continue;
        }
        if (line.startsWith(":")) {
          continue;
        }
        int colon = line.indexOf(':');
        var field = colon < 0 ? line : line.substring(0, colon);
        var value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        switch (field) {
          case "id" -> id = value;
          case "event" -> name = value;
          case "data" ->
              data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          default -> {}
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the whole body (for error answers). */
  public String body() {
    try {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Disconnects. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
