package dev.millrace.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Reads a step's log stream like a browser's EventSource would, but lets the test choose when to
 * disconnect and which node to reconnect to; every reconnect sends {@code Last-Event-ID}. A stream
 * that stalls for 30 s fails the read instead of hanging the test.
 */
final class LogStreamReader {

  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(30))
          .build();
  private final String path;
  private final List<Long> ids = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private String lastEventId;
  private boolean ended;
  private int connections;

  LogStreamReader(String path) {
    this.path = path;
  }

  /** Connects to {@code baseUrl} and reads until {@code maxEvents} lines arrived or the end. */
  void read(String baseUrl, int maxEvents) throws Exception {
    var request = new Request.Builder().url(baseUrl + path).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try (var response = http.newCall(request.build()).execute()) {
      connections++;
      if (response.code() == 204) {
        ended = true;
        return;
      }
      if (response.code() != 200) {
        throw new IllegalStateException("stream answered " + response.code());
      }
      var source = response.body().source();
      var frame = new Frame();
      int read = 0;
      String line;
      while (read < maxEvents && (line = source.readUtf8Line()) != null) {
        if (!line.isEmpty()) {
          frame.add(line);
          continue;
        }
        if ("end".equals(frame.event)) {
          ended = true;
          return;
        }
        if (frame.id != null && frame.data != null && frame.event == null) {
          ids.add(Long.parseLong(frame.id));
          texts.add(frame.data);
          lastEventId = frame.id;
          read++;
        }
        frame = new Frame();
      }
    } catch (java.io.InterruptedIOException e) {
      throw new IllegalStateException(
          "no event for 30 s from " + baseUrl + " after line " + lastEventId, e);
    }
  }

  List<Long> ids() {
    return ids;
  }

  List<String> texts() {
    return texts;
  }

  boolean ended() {
    return ended;
  }

  int connections() {
    return connections;
  }

  private static final class Frame {
    String id;
    String event;
    String data;

    void add(String line) {
      if (line.startsWith(":")) {
        return;
      }
      int colon = line.indexOf(':');
      var field = colon < 0 ? line : line.substring(0, colon);
      var value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? value : data + "\n" + value;
        default -> {}
      }
    }
  }
}
