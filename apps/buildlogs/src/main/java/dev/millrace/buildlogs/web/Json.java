package dev.millrace.buildlogs.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The one JSON mapper of the app: ISO-8601 instants, unknown request fields rejected, and input
 * read within {@link #LIMITS}.
 */
public final class Json {

  /** Deepest nesting of a body: the API's bodies are at most three levels deep. */
  public static final int MAX_NESTING_DEPTH = 16;

  /**
   * Longest string value: the largest body, {@link
   * dev.millrace.buildlogs.BuildLogsApp#MAX_BODY_BYTES}. Strings are bounded by the body limits; a
   * lower cap would refuse a whole batch of log lines for one long line, which {@link
   * dev.millrace.buildlogs.ingest.LineLimits} cuts instead.
   */
  public static final int MAX_STRING_CHARS = 8 * 1024 * 1024;

  /** Longest number: line, build and step numbers are ints, at most 10 digits. */
  public static final int MAX_NUMBER_CHARS = 20;

  /** Longest field name: every field has a short name, and unknown ones are refused. */
  public static final int MAX_NAME_CHARS = 256;

  public static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .maxNumberLength(MAX_NUMBER_CHARS)
          .maxNameLength(MAX_NAME_CHARS)
          .build();

  public static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a request body; a missing, malformed or {@code null} body is a 400. */
  public static <T> T readBody(Buffer body, Class<T> type) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("a JSON request body is required");
    }
    T value;
    try {
      value = MAPPER.readValue(body.getBytes(), type);
    } catch (JsonProcessingException e) {
      if (beyondLimit(e)) {
        throw ApiException.badRequest(
            "the JSON body is beyond a limit: nesting at most "
                + MAX_NESTING_DEPTH
                + " levels, numbers at most "
                + MAX_NUMBER_CHARS
                + " digits, names at most "
                + MAX_NAME_CHARS
                + " characters");
      }
      throw ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON body");
    }
    if (value == null) {
      throw ApiException.badRequest("the JSON request body must be an object, not null");
    }
    return value;
  }

  private static boolean beyondLimit(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }
}
