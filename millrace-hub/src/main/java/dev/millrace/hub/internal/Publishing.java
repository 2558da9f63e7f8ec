package dev.millrace.hub.internal;

import dev.millrace.hub.Update;
import dev.millrace.sse.ErrorBody;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /.well-known/mercure}: a publisher JWT whose {@code mercure.publish} selectors match
 * every topic, a bounded form body, then the update goes to the bus; 200 {@code text/plain} with
 * its id once the bus holds it.
 */
final class Publishing {

  /** The longest {@code id} or {@code type} an update may have. */
  static final int MAX_ID_LENGTH = 1_024;

  private final DefaultMercureHub hub;

  Publishing(DefaultMercureHub hub) {
    this.hub = hub;
  }

  void handle(HttpServerRequest request) {
    var response = request.response();
    hub.cors().apply(request);
    if (hub.publisherVerifier() == null) {
      ErrorBody.send(response, 403, "publishing is off: no publisher JWT key is configured");
      return;
    }
    String token = Tokens.of(request, false);
    if (token == null) {
      response.putHeader("WWW-Authenticate", "Bearer");
      ErrorBody.send(response, 401, "a publisher JWT is required");
      return;
    }
    Claims claims;
    try {
      claims = hub.publisherVerifier().verify(token);
    } catch (InvalidTokenException e) {
      response.putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ErrorBody.send(response, 401, e.getMessage());
      return;
    }
    if (claims.publish().isEmpty()) {
      ErrorBody.send(response, 403, "the JWT has no mercure.publish selectors");
      return;
    }
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null
        && !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      ErrorBody.send(response, 415, "publish with Content-Type: application/x-www-form-urlencoded");
      return;
    }
    int maxBytes = hub.options().maxBodyBytes();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLength(length) > maxBytes) {
      ErrorBody.send(response, 413, "the update is larger than " + maxBytes + " bytes");
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxBytes) {
            request.handler(null);
            ErrorBody.send(response, 413, "the update is larger than " + maxBytes + " bytes");
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(
        v -> {
          if (!response.ended()) {
            publish(request, claims, body.toString(StandardCharsets.UTF_8));
          }
        });
    request.resume();
  }

  private void publish(HttpServerRequest request, Claims claims, String form) {
    var response = request.response();
    Map<String, List<String>> fields = new QueryStringDecoder(form, false).parameters();
    Update update;
    try {
      update = parse(fields);
    } catch (IllegalArgumentException e) {
      ErrorBody.send(response, 400, e.getMessage());
      return;
    }
    if (!claims.publish().matchesAll(update.topics())) {
      ErrorBody.send(response, 403, "the JWT may not publish to every topic of the update");
      return;
    }
    if (hub.history().contains(update.id())) {
      ErrorBody.send(response, 409, "an update with id " + update.id() + " was already published");
      return;
    }
    Context context = hub.vertx().getOrCreateContext();
    hub.publish(update)
        .whenComplete(
            (id, failure) ->
                context.runOnContext(
                    v -> {
                      if (failure != null) {
                        ErrorBody.send(response, 503, "the update could not be stored: retry");
                      } else {
                        response
                            .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                            .end(id);
                      }
                    }));
  }

  /** The update a form describes; {@link IllegalArgumentException} says what is wrong. */
  static Update parse(Map<String, List<String>> fields) {
    List<String> topics = fields.getOrDefault("topic", List.of());
    if (topics.isEmpty() || topics.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("at least one non-empty topic is required");
    }
    String id = single(fields, "id");
    if (id == null || id.isEmpty()) {
      id = Update.newId();
    } else if (id.startsWith("#")) {
      throw new IllegalArgumentException("an update id must not start with '#'");
    }
    String type = single(fields, "type");
    requireSingleLine("id", id);
    requireAtMost("id", id);
    requireAtMost("type", type);
    if (type != null && type.isEmpty()) {
      type = null;
    }
    requireSingleLine("type", type);
    String retryText = single(fields, "retry");
    Long retry = null;
    if (retryText != null && !retryText.isEmpty()) {
      try {
        retry = Long.parseLong(retryText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("retry must be a number of milliseconds");
      }
      if (retry < 0) {
        throw new IllegalArgumentException("retry must not be negative");
      }
    }
    String data = single(fields, "data");
    boolean privateUpdate = fields.containsKey("private");
    return new Update(topics, data == null ? "" : data, privateUpdate, id, type, retry);
  }

  private static String single(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? null : values.getLast();
  }

  private static void requireAtMost(String name, String value) {
    if (value != null && value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          name + " must be at most " + MAX_ID_LENGTH + " characters long");
    }
  }

  private static void requireSingleLine(String name, String value) {
    if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
      throw new IllegalArgumentException(name + " must not contain line breaks");
    }
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
