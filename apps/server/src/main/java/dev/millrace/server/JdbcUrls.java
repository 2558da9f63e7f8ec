package dev.millrace.server;

/**
 * JDBC URLs as users type them, made into what the bundled drivers accept: a MySQL URL ({@code
 * jdbc:mysql://…}, what the MySQL documentation and most tools give) is served by the MariaDB
 * driver, which takes it only with its {@code permitMysqlScheme} option; MySQL's own options such
 * as {@code useSSL=false} keep working.
 */
final class JdbcUrls {

  private static final String MYSQL = "jdbc:mysql:";
  private static final String PERMIT_MYSQL = "permitMysqlScheme";

  private JdbcUrls() {}

  static String forDriver(String url) {
    if (!url.startsWith(MYSQL) || url.contains(PERMIT_MYSQL)) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + PERMIT_MYSQL;
  }

  /**
   * What to change in {@code url} after {@code failure} to connect, or an empty string: the MariaDB
   * driver asks for TLS unless told otherwise, which a local server often does not offer.
   */
  static String advice(String url, Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      var message = String.valueOf(cause.getMessage());
      if (message.contains("ssl not enabled in the server")) {
        return " (the server offers no TLS: add sslMode=disable to the URL, e.g. "
            + url
            + (url.contains("?") ? "&" : "?")
            + "sslMode=disable)";
      }
    }
    return "";
  }
}
