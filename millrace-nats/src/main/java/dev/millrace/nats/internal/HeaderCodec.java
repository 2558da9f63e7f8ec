package dev.millrace.nats.internal;

import dev.millrace.core.Message;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;

/**
 * Carries a message's metadata as NATS headers, one header per entry.
 *
 * <p>Keys and values are written as they are when they are printable ASCII (so other NATS clients
 * read them plainly); any other byte, space, {@code %} and (in keys) {@code :} are percent-encoded
 * as UTF-8, which round-trips every string. Headers starting with {@code Nats-} belong to the
 * server and are not metadata; the message id travels as {@code Nats-Msg-Id}.
 */
public final class HeaderCodec {

  static final String MESSAGE_ID = "Nats-Msg-Id";
  private static final String RESERVED_PREFIX = "nats-";

  private HeaderCodec() {}

  public static Headers toHeaders(Message message) {
    var headers = new Headers();
    message
        .metadata()
        .forEach(
            (key, value) -> {
              if (key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException(
                    "metadata keys starting with 'Nats-' are reserved: " + key);
              }
              headers.put(encode(key, true), encode(value, false));
            });
    return headers;
  }

  /** The message carried by a NATS message published by {@link #toHeaders}. */
  public static Message fromNats(io.nats.client.Message nats) {
    var headers = nats.getHeaders();
    var metadata = new HashMap<String, String>();
    String id = null;
    if (headers != null) {
      for (var entry : headers.entrySet()) {
        var key = entry.getKey();
        if (key.equals(MESSAGE_ID)) {
          id = entry.getValue().getFirst();
        } else if (!key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)
            && !entry.getValue().isEmpty()) {
          metadata.put(decode(key), decode(entry.getValue().getFirst()));
        }
      }
    }
    if (id == null) {
      // Published by another client without an id: the stream position identifies it.
      var meta = nats.metaData();
      id = meta.getStream() + ":" + meta.streamSequence();
    }
    var payload = nats.getData();
    return new Message(id, metadata, payload == null ? new byte[0] : payload);
  }

  static String encode(String text, boolean key) {
    if (text.chars().allMatch(c -> isPlain(c, key))) {
      return text;
    }
    var out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isPlain(c, key)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    var out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        out.write(Integer.parseInt(text, i + 1, i + 3, 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Printable ASCII but {@code %}; a key cannot hold {@code :} either (values can). */
  private static boolean isPlain(int c, boolean key) {
    return c > ' ' && c < 0x7f && c != '%' && !(key && c == ':');
  }
}
