package dev.millrace.server.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.BufferedSource;

/**
 * Reads a step's log stream like a browser's EventSource would, but lets the test choose when to
 * disconnect and which node to reconnect to; every reconnect sends {@code Last-Event-ID}. A read
 * fails instead of hanging the test when the stream is silent for 30 s, when no log line arrives
 * for {@link #PATIENCE} (heartbeats alone do not count), or at once when {@link #abort} is called.
 */
final class LogStreamReader {

  static final Duration PATIENCE = Duration.ofSeconds(60);

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
  private volatile Call current;
  private volatile Throwable abortCause;

  LogStreamReader(String path) {
    this.path = path;
  }

  /** Connects to {@code baseUrl} and reads until {@code maxEvents} lines arrived or the end. */
  void read(String baseUrl, int maxEvents) throws Exception {
    var request = new Request.Builder().url(baseUrl + path).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    failIfAborted();
    var call = http.newCall(request.build());
    current = call;
    try (var response = call.execute()) {
      connections++;
      if (response.code() == 204) {
        ended = true;
        return;
      }
      if (response.code() != 200) {
        throw new IllegalStateException("stream answered " + response.code());
      }
      readEvents(response.body().source(), baseUrl, maxEvents);
    } catch (java.io.InterruptedIOException e) {
      failIfAborted();
      throw new IllegalStateException(
          "no event for 30 s from " + baseUrl + " after line " + lastEventId, e);
    } catch (IOException e) {
      failIfAborted();
      throw e;
    } finally {
      current = null;
    }
  }

  private void readEvents(BufferedSource source, String baseUrl, int maxEvents) throws IOException {
    var frame = new Frame();
    int read = 0;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String line;
    while (read < maxEvents && (line = source.readUtf8Line()) != null) {
      failIfAborted();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no log line for " + PATIENCE + " from " + baseUrl + " after line " + lastEventId);
      }
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
        deadline = System.nanoTime() + PATIENCE.toNanos();
      }
      frame = new Frame();
    }
  }

  /**
   * Makes the read in progress, and every later one, fail with {@code cause}: for a failure seen by
   * another thread (the one writing the log) that means no more lines will come.
   */
  void abort(Throwable cause) {
    abortCause = cause;
    var call = current;
    if (call != null) {
      call.cancel();
    }
  }

  private void failIfAborted() {
    var cause = abortCause;
    if (cause != null) {
      throw new IllegalStateException("log stream read aborted: " + cause.getMessage(), cause);
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
