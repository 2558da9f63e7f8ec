package dev.millrace.feeds.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.posting.InvalidPostException;
import dev.millrace.feeds.posting.PostDraft;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/** Reads and validates JSON request bodies; failures are {@link ApiException}s (400 or 415). */
final class RequestBodies {

  static final String DEFAULT_AUTHOR = "Anonymous";

  private RequestBodies() {}

  /** {@code {title, content, author?}} of a new post. */
  static PostDraft draft(RoutingContext ctx) {
    var body = object(ctx);
    var author = optionalText(body, "author");
    return validated(
        () ->
            new PostDraft(
                text(body, "title"),
                text(body, "content"),
                author == null || author.isBlank() ? DEFAULT_AUTHOR : author));
  }

  /** {@code {title, content}} of an edit; validated like a new post's fields. */
  static PostDraft edit(RoutingContext ctx) {
    var body = object(ctx);
    return validated(() -> new PostDraft(text(body, "title"), text(body, "content"), "-"));
  }

  private static PostDraft validated(java.util.function.Supplier<PostDraft> draft) {
    try {
      return draft.get();
    } catch (InvalidPostException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  private static JsonNode object(RoutingContext ctx) {
    var type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "Content-Type must be application/json");
    }
    var body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ApiException(400, "request body must be a JSON object");
    }
    try {
      var json = EventCodec.JSON.readTree(body.getBytes());
      if (json == null || !json.isObject()) {
        throw new ApiException(400, "request body must be a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw new ApiException(400, "request body is not valid JSON");
    }
  }

  private static String text(JsonNode body, String field) {
    var value = optionalText(body, field);
    if (value == null) {
      throw new ApiException(400, field + " is required");
    }
    return value;
  }

  private static String optionalText(JsonNode body, String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new ApiException(400, field + " must be a string");
    }
    return node.asText();
  }
}
