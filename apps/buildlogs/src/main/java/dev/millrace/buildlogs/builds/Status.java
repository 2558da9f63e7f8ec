package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.millrace.buildlogs.web.ApiException;
import java.util.Locale;

/**
 * The state of a build or a step. {@code success}, {@code failure}, {@code cancelled} and {@code
 * skipped} are final; {@code skipped} is for a step that never ran (a build is never skipped).
 */
public enum Status {
  PENDING,
  RUNNING,
  SUCCESS,
  FAILURE,
  CANCELLED,
  SKIPPED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this != PENDING && this != RUNNING;
  }

  /** Parses the wire form; an unknown value is a 400. */
  public static Status parse(String value) {
    if (value != null) {
      for (var status : values()) {
        if (status.wire().equals(value)) {
          return status;
        }
      }
    }
    throw ApiException.badRequest(
        "status must be one of pending, running, success, failure, cancelled, skipped; was "
            + value);
  }
}
