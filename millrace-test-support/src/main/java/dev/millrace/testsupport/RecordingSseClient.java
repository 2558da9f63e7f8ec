package dev.millrace.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * An SSE client for tests: one connection whose events a virtual thread records as they arrive.
 * Read them in order with {@link #next()}, or wait for one that matches with {@link #await}; every
 * wait is bounded ({@link #TIMEOUT}). A non-200 answer records nothing: read it with {@link
 * #body()}. {@link #close()} disconnects and stops the reader.
 */
public final class RecordingSseClient implements AutoCloseable {

  /** The longest any method waits. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Event END = new Event(null, null, "");

  /** One received event; {@code id} and {@code name} are null when the event had none. */
  public record Event(String id, String name, String data) {

    /** The data parsed as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + data, e);
      }
    }
  }

  private final HttpResponse<InputStream> response;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Event> unread = new LinkedBlockingQueue<>();
  private final Thread reader;

  private RecordingSseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader =
        response.statusCode() == 200
            ? Thread.ofVirtual().name("recording-sse-client").start(this::read)
            : null;
  }

  /** Opens a stream with a new HTTP client; {@code headers} are name/value pairs. */
  public static RecordingSseClient open(String url, String... headers) {
    return open(HttpClient.newHttpClient(), url, headers);
  }

  /** Opens a stream; {@code headers} are name/value pairs (for example Last-Event-ID). */
  public static RecordingSseClient open(HttpClient client, String url, String... headers) {
    var builder =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "text/event-stream")
            .timeout(TIMEOUT)
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return new RecordingSseClient(
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

  /** Every event received so far, in order. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /**
   * The next event not yet returned by this method, or null once the server ended the stream.
   *
   * @throws AssertionError when none arrives within {@link #TIMEOUT}
   */
  public Event next() {
    try {
      var event = unread.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError(
            "no event within " + TIMEOUT + "; received so far: " + events.size());
      }
      if (event == END) {
        unread.add(END);
        return null;
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for an event matching {@code condition}; returns the latest such event. */
  public Event await(Predicate<Event> condition) {
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> events.stream().anyMatch(condition));
    return events.stream().filter(condition).reduce((a, b) -> b).orElseThrow();
  }

  /** Waits for an event named {@code name} whose JSON data matches {@code condition}. */
  public Event await(String name, Predicate<JsonNode> condition) {
    return await(event -> name.equals(event.name()) && condition.test(event.json()));
  }

  /** The whole body of a non-stream answer (an error). */
  public String body() {
    if (reader != null) {
      throw new IllegalStateException("a 200 stream is read as events");
    }
    try {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
            var event = new Event(id, name, data.toString());
            events.add(event);
            unread.add(event);
          }
          id = null;
          name = null;
          data = null;
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
    } catch (IOException e) {
      // closed by close() or by the server: the stream is over either way
    } finally {
      unread.add(END);
    }
  }

  /** Disconnects and stops the reader. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // closing anyway
    }
    if (reader != null) {
      reader.interrupt();
    }
  }
}
