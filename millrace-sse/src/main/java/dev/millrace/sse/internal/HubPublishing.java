package dev.millrace.sse.internal;

import dev.millrace.sse.HubOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code POST /hub/{topic}}: bearer-token check, bounded body, publish, answer the id. */
final class HubPublishing {

  private final DefaultSseHub hub;
  private final byte[] expectedAuthorization;
  private final int maxBytes;

  HubPublishing(DefaultSseHub hub, HubOptions options) {
    this.hub = hub;
    this.expectedAuthorization =
        options.token() == null
            ? null
            : ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
    this.maxBytes = options.maxMessageBytes();
  }

  void handle(RoutingContext context, String topic) {
    var request = context.request();
    var response = context.response();
    if (expectedAuthorization == null) {
      HttpAnswers.error(response, 403, "publishing is off: no hub token is configured");
      return;
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !MessageDigest.isEqual(
            expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
      response.putHeader("WWW-Authenticate", "Bearer");
      HttpAnswers.error(response, 401, "a valid bearer token is required to publish");
      return;
    }
    if (context.body().available()) {
      Buffer body = context.body().buffer();
      publish(context, topic, body == null ? Buffer.buffer() : body);
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLength(length) > maxBytes) {
      HttpAnswers.error(response, 413, "the message is larger than " + maxBytes + " bytes");
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxBytes) {
            request.handler(null);
            HttpAnswers.error(response, 413, "the message is larger than " + maxBytes + " bytes");
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(v -> publish(context, topic, body));
    request.resume();
  }

  private void publish(RoutingContext context, String topic, Buffer body) {
    var response = context.response();
    if (response.ended()) {
      return;
    }
    if (body.length() > maxBytes) {
      HttpAnswers.error(response, 413, "the message is larger than " + maxBytes + " bytes");
      return;
    }
    long id = hub.publish(topic, body.toString(StandardCharsets.UTF_8));
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end("{\"id\":\"" + id + "\"}");
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
