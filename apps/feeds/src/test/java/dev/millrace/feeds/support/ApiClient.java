package dev.millrace.feeds.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.feeds.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A small blocking HTTP client for the feeds API. */
public final class ApiClient {

  /** One answer: status, content type and body (parsed when it is JSON). */
  public record Response(int status, String contentType, String body) {

    public JsonNode json() {
      try {
        return EventCodec.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public Response get(String path) {
    return send(request(path).header("Accept", "application/json").GET());
  }

  public Response post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json)));
  }

  public Response patch(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", BodyPublishers.ofString(json)));
  }

  public Response send(String method, String path, String contentType, String body) {
    var builder = request(path).method(method, BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder);
  }

  /** Creates a post and returns its id. */
  public String createPost(String title, String content) {
    var response = post("/api/posts", json("title", title, "content", content, "author", "Tester"));
    if (response.status() != 201) {
      throw new AssertionError("create failed: " + response);
    }
    return response.json().get("id").asText();
  }

  /** A JSON object of string fields: {@code json("a", "1", "b", "2")}. */
  public static String json(String... keysAndValues) {
    var node = EventCodec.JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return node.toString();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
  }

  private Response send(HttpRequest.Builder request) {
    try {
      var response = http.send(request.build(), BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
