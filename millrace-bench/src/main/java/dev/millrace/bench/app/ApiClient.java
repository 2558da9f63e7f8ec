package dev.millrace.bench.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP/1.1 calls to the server's JSON API. Thread-safe. */
public final class ApiClient implements AutoCloseable {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI base;
  private final Map<String, String> headers;

  public ApiClient(URI base, Map<String, String> headers) {
    this.base = base;
    this.headers = Map.copyOf(headers);
  }

  /** A response's status and body. */
  public record Answer(int status, String body) {}

  public Answer send(String method, String path, String json) {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new ApiCallFailedException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallFailedException(method + " " + path + " interrupted", e);
    }
  }

  /** Sends and fails unless the status is {@code expected}. */
  public String expect(int expected, String method, String path, String json) {
    var answer = send(method, path, json);
    if (answer.status() != expected) {
      throw new ApiCallFailedException(
          method + " " + path + " answered " + answer.status() + ": " + answer.body(), null);
    }
    return answer.body();
  }

  @Override
  public void close() {
    http.close();
  }
}
