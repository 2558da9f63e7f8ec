package dev.millrace.feeds.hub;

import java.nio.charset.StandardCharsets;

/**
 * The topics of the app's resources on the hub: their absolute URLs, as their {@code rel="self"}
 * links name them. A feed's name and a post's id are one path segment, percent-encoded as UTF-8
 * where they hold anything but ASCII letters, digits and {@code -._~}, so a topic is ASCII and
 * fetching it gets the resource. Thread-safe.
 */
public final class HubTopics {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String apiUrl;

  /**
   * @param apiUrl the absolute URL the API is mounted at, such as {@code https://host/api}
   */
  public HubTopics(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /** {@code GET /api/feeds}: the feed list. */
  public String feedList() {
    return apiUrl + "/feeds";
  }

  /** {@code GET /api/feeds/{name}}: one feed. */
  public String feed(String name) {
    return feedList() + "/" + segment(name);
  }

  /** {@code GET /api/posts/{id}}: one post. */
  public String post(String id) {
    return apiUrl + "/posts/" + segment(id);
  }

  /** {@code value} as one path segment. */
  static String segment(String value) {
    var bytes = value.getBytes(StandardCharsets.UTF_8);
    var out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
