package dev.millrace.buildlogs.stream;

import dev.millrace.buildlogs.events.StepChanged;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.buildlogs.web.Json;
import dev.millrace.core.Message;
import dev.millrace.sse.StreamRejectedException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Helpers shared by the stream adapters. */
final class StreamRequests {

  private StreamRequests() {}

  /** Runs a request check, turning API errors into plain-HTTP stream rejections. */
  static <T> T check(Callable<T> check) {
    try {
      return check.call();
    } catch (ApiException e) {
      throw new StreamRejectedException(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request's {@code Last-Event-ID} as a number, or -1 when absent; 400 when malformed. */
  static long lastEventId(RoutingContext request) {
    var header = request.request().getHeader("Last-Event-ID");
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      throw StreamRejectedException.badRequest("Last-Event-ID must be a number, was " + header);
    }
  }

  /** The change a message announces; empty for a message that is not one. */
  static Optional<StepChanged> change(Message message) {
    try {
      return Optional.of(Json.read(message.payload(), StepChanged.class));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static long idOf(String key, String prefix) {
    return Long.parseLong(key.substring(prefix.length()));
  }
}
