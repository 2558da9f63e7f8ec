package dev.millrace.feeds.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.feeds.posting.InvalidPostException;
import dev.millrace.feeds.posting.JdbcPostStore;
import dev.millrace.feeds.posting.PostDraft;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * Reads and validates JSON request bodies; failures are {@link ApiException}s (400 or 415). Bodies
 * are parsed within {@link #LIMITS}: a body beyond one is a 400 before any field is looked at.
 */
final class RequestBodies {

  static final String DEFAULT_AUTHOR = "Anonymous";

  /** Deepest nesting of a body: posts and edits are flat objects. */
  static final int MAX_NESTING_DEPTH = 16;

  /** Longest string value: the longest field, {@code content}, has at most 5,000 characters. */
  static final int MAX_STRING_CHARS = 16 * 1024;

  /** Longest number: {@code version} is a long, at most 19 digits. */
  static final int MAX_NUMBER_CHARS = 20;

  /** Longest field name: the fields have short names; others are ignored. */
  static final int MAX_NAME_CHARS = 256;

  static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .maxNumberLength(MAX_NUMBER_CHARS)
          .maxNameLength(MAX_NAME_CHARS)
          .build();

  private static final ObjectMapper JSON =
      new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build());

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
      var json = JSON.readTree(body.getBytes());
      if (json == null || !json.isObject()) {
        throw new ApiException(400, "request body must be a JSON object");
      }
      return json;
    } catch (IOException e) {
      if (beyondLimit(e)) {
        throw new ApiException(
            400,
            "request body is beyond a JSON limit: nesting at most "
                + MAX_NESTING_DEPTH
                + " levels, strings at most "
                + MAX_STRING_CHARS
                + " characters, numbers at most "
                + MAX_NUMBER_CHARS
                + " digits, names at most "
                + MAX_NAME_CHARS
                + " characters");
      }
      throw new ApiException(400, "request body is not valid JSON");
    }
  }

  private static boolean beyondLimit(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
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
