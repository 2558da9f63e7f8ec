package dev.millrace.feeds.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.feeds.events.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An SSE client that records every event of one stream, for assertions. */
public final class SseRecorder implements AutoCloseable {

  /** One received event. */
  public record Event(String id, String name, String data) {

    public JsonNode json() {
      try {
        return EventCodec.JSON.readTree(data);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + data, e);
      }
    }
  }

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final HttpResponse<InputStream> response;
  private final Thread reader;

  public SseRecorder(String url) {
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .header("Accept", "text/event-stream")
                      .build(),
                  BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    reader = Thread.ofVirtual().name("sse-recorder").start(this::read);
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** Waits for an event matching {@code condition} and returns the latest such event. */
  public Event await(Predicate<Event> condition) {
    org.awaitility.Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> events.stream().anyMatch(condition));
    return events.stream().filter(condition).reduce((a, b) -> b).orElseThrow();
  }

  /** Waits for an event named {@code name} whose JSON data matches {@code condition}. */
  public Event await(String name, Predicate<JsonNode> condition) {
    return await(event -> name.equals(event.name()) && condition.test(event.json()));
  }

  private void read() {
    try (var lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      StringBuilder data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id, name, data.toString()));
          }
          name = null;
          data = null;
        } else if (line.startsWith("data:")) {
          var value = strip(line.substring(5));
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        } else if (line.startsWith("event:")) {
          name = strip(line.substring(6));
        } else if (line.startsWith("id:")) {
          id = strip(line.substring(3));
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static String strip(String value) {
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
    reader.interrupt();
  }
}
