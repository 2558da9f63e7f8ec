package dev.millrace.server.fuzz;

import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Generates malformed requests from a seed, so that a failure can be replayed: bad path and query
 * values, wrong methods and content types, request lines and headers over the HTTP server's limits,
 * and bodies that no route accepts (every body is invalid for every route, so a fuzzed server must
 * store nothing).
 */
final class BadRequests {

  /** Longest request line the server decodes (Vert.x's default): one longer is a 414. */
  static final int MAX_REQUEST_LINE = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;

  /** Largest header block the server decodes (Vert.x's default): a larger one is a 431. */
  static final int MAX_HEADERS = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;

  /**
   * A request to send; {@code body} may be {@code null} (none).
   *
   * @param headers extra header lines ({@code "Name: value"})
   * @param expected the status it must get, or 0 for any client error
   */
  record Request(
      String method,
      String path,
      String contentType,
      String accept,
      String auth,
      List<String> headers,
      byte[] body,
      int expected) {

    @Override
    public String toString() {
      return method
          + " "
          + (path.length() > 120 ? path.substring(0, 120) + "…(" + path.length() + ")" : path)
          + " type="
          + contentType
          + " accept="
          + accept
          + " auth="
          + auth
          + (headers.isEmpty() ? "" : " headers=" + headers.size() + " over the limit")
          + " body="
          + (body == null ? "none" : body.length + " bytes: " + preview(body));
    }

    private static String preview(byte[] body) {
      var text = new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8);
      return text.replaceAll("\\p{Cntrl}", "?");
    }
  }

  private static final Pattern PARAMETER = Pattern.compile("\\{[a-z]+}");
  private static final List<String> PATH_VALUES =
      List.of(
          "",
          "0",
          "-1",
          "99999999999999999999",
          "1e309",
          "abc",
          "%00",
          "%ff%fe",
          "..%2F..%2Fetc%2Fpasswd",
          "%27%20OR%201%3D1--",
          "%3Cscript%3E",
          "a".repeat(300),
          "%C3%BC%F0%9F%98%80",
          "%20",
          "null");
  private static final List<String> BAD_COUNTS =
      List.of("0", "-1", "101", "abc", "1e3", "99999999999999999999", "%00", "");
  private static final List<String> QUERIES =
      List.of(
          "",
          "?limit=-1",
          "?limit=1e99",
          "?limit=abc&before=%00",
          "?before=zzzz",
          "?from=-5&limit=0",
          "?from=99999999999999999999",
          "?count=abc",
          "?count=-1",
          "?count=100000",
          "?feed=%00&post=..",
          "?feed=" + "x".repeat(500),
          "?access_token=forged.token.value",
          "?lastEventId=-1",
          "?lastEventId=99999999999999999999",
          "?a=%25zz&&=");
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "FOO");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json; charset=utf-8",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "none");
  private static final List<String> ACCEPTS =
      List.of("*/*", "application/json", "text/event-stream");

  private final Random random;
  private final List<Route> routes;

  BadRequests(long seed, List<Route> routes) {
    this.random = new Random(seed);
    this.routes = routes;
  }

  Request next() {
    var route = pick(routes);
    var method = random.nextInt(8) == 0 ? pick(METHODS) : route.method();
    var path =
        PARAMETER
            .matcher(route.template())
            .replaceAll(match -> match.group().equals("{count}") ? pick(BAD_COUNTS) : pathValue());
    var query = pick(QUERIES);
    path += path.contains("?") && !query.isEmpty() ? "&" + query.substring(1) : query;
    byte[] body;
    if (route.emptyBodyIsValid()) {
      body = nonEmptyBody();
    } else {
      body = method.equals("GET") && random.nextInt(4) != 0 ? null : body();
    }
    var auth = random.nextInt(5) == 0 ? "forged" : route.auth();
    var headers = List.<String>of();
    int expected = 0;
    switch (random.nextInt(40)) {
      case 0 -> {
        path += (path.contains("?") ? "&" : "?") + "pad=" + "p".repeat(MAX_REQUEST_LINE);
        expected = 414;
      }
      case 1 -> {
        headers = List.of("X-Padding: " + "h".repeat(MAX_HEADERS));
        expected = 431;
      }
      default -> {}
    }
    return new Request(
        method, path, pick(CONTENT_TYPES), pick(ACCEPTS), auth, headers, body, expected);
  }

  private String pathValue() {
    return random.nextInt(3) == 0 ? pick(PATH_VALUES) : "fuzz" + random.nextInt(5);
  }

  private byte[] body() {
    return switch (random.nextInt(16)) {
      case 0 -> new byte[0];
      case 1 -> utf8("null");
      case 2 -> utf8("[]");
      case 3 -> utf8("\"a string\"");
      case 4 -> utf8("12345678901234567890");
      case 5 -> utf8("{\"title\":1,\"content\":{},\"author\":[],\"steps\":\"x\",\"lines\":5}");
      case 6 -> utf8("{\"status\":7,\"private\":\"yes\",\"token\":{},\"lines\":[{\"number\":-1}]}");
      case 7 -> utf8("[".repeat(20_000) + "]".repeat(20_000));
      case 8 -> utf8("{\"title\":\"" + "t".repeat(70_000) + "\"");
      case 9 -> new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
      case 10 -> utf8("title=a&content=b&" + "x=".repeat(40_000));
      case 11 -> utf8("{\"a\":");
      case 12 -> utf8("{\"steps\":[{\"name\":" + "1".repeat(400) + "}],\"lines\":null}");
      case 13 -> utf8("{\"lines\":[{\"number\":\"one\",\"text\":null}],\"status\":null}");
      case 14 -> utf8("{\"token\":null,\"private\":null,\"steps\":null,\"title\":null}");
      default -> largeBody();
    };
  }

  private byte[] nonEmptyBody() {
    byte[] body;
    do {
      body = body();
    } while (body.length == 0);
    return body;
  }

  private byte[] largeBody() {
    var size = random.nextInt(10) == 0 ? 9 * 1024 * 1024 : 70 * 1024;
    var body = new byte[size];
    java.util.Arrays.fill(body, (byte) 'a');
    return body;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
