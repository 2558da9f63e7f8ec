package dev.millrace.sse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** HTTP/1.1 by hand, to check the bytes on the wire: a raw GET, and a strict chunked decoder. */
public final class RawHttp {

  private RawHttp() {}

  /** A socket to {@code 127.0.0.1:port} that has sent {@code GET path} with {@code headers}. */
  public static Socket open(int port, String path, String headers) throws IOException {
    var socket = new Socket("127.0.0.1", port);
    request(socket, path, headers);
    return socket;
  }

  /** Sends {@code GET path} with {@code headers} (each ending in CRLF) on {@code socket}. */
  public static void request(Socket socket, String path, String headers) throws IOException {
    socket.setSoTimeout(20_000);
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads the socket to its end on a thread of its own; completes with every byte received. */
  public static CompletableFuture<byte[]> readToEnd(Socket socket) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return socket.getInputStream().readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        runnable -> Thread.ofPlatform().daemon().start(runnable));
  }

  /** The events of a whole event-stream response: status 200, a strictly chunked body. */
  public static List<SseParser.Event> events(byte[] response) throws IOException {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("HTTP/1.1 200");
    var events = new ArrayList<SseParser.Event>();
    new SseParser(events::add).feed(dechunk(response, text.indexOf("\r\n\r\n") + 4));
    return events;
  }

  /** Decodes a chunked body strictly: every size line, every CRLF, the last chunk, then EOF. */
  public static String dechunk(byte[] raw, int from) throws IOException {
    InputStream in = new ByteArrayInputStream(raw, from, raw.length - from);
    var body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int size = Integer.parseInt(sizeLine, 16);
      if (size == 0) {
        assertThat(line(in)).as("trailer end").isEmpty();
        assertThat(in.read()).as("nothing after the last chunk").isEqualTo(-1);
        return body.toString(StandardCharsets.UTF_8);
      }
      byte[] data = in.readNBytes(size);
      assertThat(data).hasSize(size);
      body.write(data);
      assertThat(line(in)).as("CRLF after a chunk of " + size).isEmpty();
    }
  }

  private static String line(InputStream in) throws IOException {
    var out = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      assertThat(c).as("unexpected end of the chunked body").isNotEqualTo(-1);
      out.append((char) c);
    }
    assertThat(out).endsWith("\r");
    return out.substring(0, out.length() - 1);
  }
}
