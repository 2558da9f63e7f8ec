package dev.millrace.server.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 by hand, one connection per request, so that nothing hides what the server did: any
 * method, request line or header size can be sent, and the body is written on its own thread while
 * the answer is read, so a server that answers before it has read the body (and then closes) is
 * seen answering, not only resetting the connection.
 */
final class RawClient {

  /** Most body bytes of an answer that are read. */
  static final int MAX_ANSWER_BYTES = 4096;

  private static final int WRITE_CHUNK = 64 * 1024;

  /**
   * What came back.
   *
   * @param status the status, or 0 when the connection closed before a status line
   * @param bodyCut whether writing the body failed: the server closed before reading all of it
   * @param failure what went wrong on the connection, or {@code null}
   */
  record Answer(int status, String contentType, String body, boolean bodyCut, String failure) {}

  private RawClient() {}

  static Answer send(int port, String head, byte[] body) throws InterruptedException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      var out = socket.getOutputStream();
      CompletableFuture<Boolean> written;
      try {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        written = writeBody(socket, body);
      } catch (IOException e) {
        written = CompletableFuture.completedFuture(false);
      }
      var answer = read(new BufferedInputStream(socket.getInputStream()));
      socket.close(); // stops a body the server did not want, if it is still being written
      boolean cut = !awaitWriter(written);
      return new Answer(
          answer.status(), answer.contentType(), answer.body(), cut, answer.failure());
    } catch (IOException e) {
      return new Answer(0, "", "", false, "cannot connect: " + e);
    }
  }

  private static CompletableFuture<Boolean> writeBody(Socket socket, byte[] body) {
    var written = new CompletableFuture<Boolean>();
    if (body == null || body.length == 0) {
      written.complete(true);
      return written;
    }
    Thread.startVirtualThread(
        () -> {
          try {
            var out = socket.getOutputStream();
            for (int from = 0; from < body.length; from += WRITE_CHUNK) {
              out.write(body, from, Math.min(WRITE_CHUNK, body.length - from));
            }
            out.flush();
            written.complete(true);
          } catch (IOException e) {
            written.complete(false);
          }
        });
    return written;
  }

  private static boolean awaitWriter(CompletableFuture<Boolean> written)
      throws InterruptedException {
    try {
      return written.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** The status line, the headers and the start of the body: as much as came before a failure. */
  private static Answer read(InputStream in) {
    int status = 0;
    String type = "";
    var body = new ByteArrayOutputStream();
    try {
      var statusLine = line(in);
      if (statusLine == null) {
        return new Answer(0, "", "", false, "closed before a status line");
      }
      status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      long length = -1;
      boolean chunked = false;
      for (var header = line(in); header != null && !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        var name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        var value = header.substring(colon + 1).strip();
        switch (name) {
          case "content-type" -> type = value;
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
          default -> {}
        }
      }
      if (!type.startsWith("text/event-stream")) { // a stream that opened: read no further
        if (chunked) {
          dechunk(in, body);
        } else {
          var bytes =
              in.readNBytes(
                  (int) Math.min(length < 0 ? MAX_ANSWER_BYTES : length, MAX_ANSWER_BYTES));
          body.write(bytes);
        }
      }
      return new Answer(status, type, body.toString(StandardCharsets.UTF_8), false, null);
    } catch (IOException | RuntimeException e) {
      return new Answer(status, type, body.toString(StandardCharsets.UTF_8), false, e.toString());
    }
  }

  private static void dechunk(InputStream in, ByteArrayOutputStream body) throws IOException {
    while (body.size() < MAX_ANSWER_BYTES) {
      var sizeLine = line(in);
      if (sizeLine == null) {
        throw new IOException("the chunked body ended early");
      }
      int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
      if (size == 0) {
        return;
      }
      var data = in.readNBytes(size);
      body.write(data);
      if (data.length < size || line(in) == null) {
        throw new IOException("the chunked body ended early");
      }
    }
  }

  /** One CRLF-ended line, without its end; {@code null} at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    var bytes = new byte[256];
    int n = 0;
    int c;
    while ((c = in.read()) != '\n') {
      if (c == -1) {
        return n == 0 ? null : new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (n == bytes.length) {
        bytes = Arrays.copyOf(bytes, n * 2);
      }
      bytes[n++] = (byte) c;
    }
    if (n > 0 && bytes[n - 1] == '\r') {
      n--;
    }
    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
  }
}
