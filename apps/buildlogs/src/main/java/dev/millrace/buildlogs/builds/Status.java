package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.millrace.buildlogs.web.ApiException;
import java.util.Locale;

/** The state of a build or a step. {@code success} and {@code failure} are final. */
public enum Status {
  PENDING,
  RUNNING,
  SUCCESS,
  FAILURE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this == SUCCESS || this == FAILURE;
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
        "status must be one of pending, running, success, failure; was " + value);
  }
}
