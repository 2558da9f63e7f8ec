package dev.millrace.hub.testing;

import dev.millrace.core.InProcessPubSub;
import dev.millrace.hub.HubBus;
import dev.millrace.hub.HubOptions;
import dev.millrace.hub.MercureHub;
import dev.millrace.sse.testing.SseClient;
import dev.millrace.sse.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * A hub on a test server over an in-process pub/sub, with a JDK HTTP client to publish and a
 * recording SSE client to subscribe.
 */
public final class HubFixture implements AutoCloseable {

  /** The test key for publishers and subscribers, defaults elsewhere. */
  public static final HubOptions OPTIONS = HubOptions.DEFAULTS.withPublisherJwtKey(Jwts.SECRET);

  public final TestServer server;
  public final MercureHub hub;
  public final SseClient sse;
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final InProcessPubSub pubSub;

  public HubFixture(HubOptions options) {
    this(options, null);
  }

  /** A hub over {@code bus}, or over a new in-process pub/sub when it is {@code null}. */
  public HubFixture(HubOptions options, HubBus bus) {
    server = new TestServer();
    pubSub = bus == null ? InProcessPubSub.create() : null;
    hub =
        MercureHub.create(
            server.vertx, meters, bus != null ? bus : HubBus.live(pubSub, pubSub), options);
    hub.mount(server.router);
    hub.ready().orTimeout(10, TimeUnit.SECONDS).join();
    sse = new SseClient(server.vertx, server.port(), 32);
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.port() + pathAndQuery;
  }

  /** {@code topic=…} query of selectors, encoded. */
  public static String topics(String... selectors) {
    var query = new StringJoiner("&");
    for (String selector : selectors) {
      query.add("topic=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    }
    return query.toString();
  }

  /** Opens a subscription with a bearer token (or none when {@code token} is null). */
  public SseClient.Stream subscribe(String token, String query, String... headers) {
    String[] all = headers;
    if (token != null) {
      all = new String[headers.length + 2];
      all[0] = "Authorization";
      all[1] = "Bearer " + token;
      System.arraycopy(headers, 0, all, 2, headers.length);
    }
    return sse.open("/.well-known/mercure?" + query, all);
  }

  /**
   * Publishes as the Symfony Mercure component does: {@code POST}, {@code Authorization: Bearer}, a
   * form body with repeated keys ({@code topic=a&topic=b&data=…&private=on}).
   */
  public HttpResponse<String> post(String token, String... fields) {
    var form = new StringJoiner("&");
    for (int i = 0; i < fields.length; i += 2) {
      form.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    var request =
        HttpRequest.newBuilder(URI.create(url(MercureHub.PATH)))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plain GET, for error answers. */
  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    var request =
        HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    sse.close();
    hub.close();
    if (pubSub != null) {
      pubSub.close();
    }
    server.close();
    http.close();
  }
}
