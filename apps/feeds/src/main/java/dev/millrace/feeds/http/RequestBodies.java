package dev.millrace.feeds.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.posting.InvalidPostException;
import dev.millrace.feeds.posting.JdbcPostStore;
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

  /**
   * {@code {title, content, version?}} of an edit, {@code version} being the one the edit was based
   * on; the fields are validated like a new post's.
   */
  record Edit(PostDraft fields, long basedOn) {}

  static Edit edit(RoutingContext ctx) {
    var body = object(ctx);
    var fields = validated(() -> new PostDraft(text(body, "title"), text(body, "content"), "-"));
    var version = body.get("version");
    if (version == null || version.isNull()) {
      return new Edit(fields, JdbcPostStore.ANY_VERSION);
    }
    if (!version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < 1) {
      throw new ApiException(400, "version must be the post's version, a number from 1");
    }
    return new Edit(fields, version.asLong());
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
