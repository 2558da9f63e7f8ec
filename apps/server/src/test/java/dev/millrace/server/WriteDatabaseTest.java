package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * URLs as MySQL and MariaDB users type them, against the local MariaDB server (which has no TLS).
 */
class WriteDatabaseTest {

  @Test
  void aMySqlUrlConnectsThroughTheMariaDbDriver() throws Exception {
    try (var pool =
            WriteDatabase.pool(
                "write-model", "jdbc:mysql://127.0.0.1:3306/test?useSSL=false", "root", "", 1);
        var connection = pool.getConnection()) {
      assertThat(connection.isValid(2)).isTrue();
    }
  }

  @Test
  void aUrlWithoutTlsOptionsFailsNamingTheOptionToAdd() {
    assertThatThrownBy(
            () ->
                WriteDatabase.pool(
                    "write-model", "jdbc:mariadb://127.0.0.1:3306/test", "root", "", 1))
        .hasMessageContaining("cannot connect to the write-model database")
        .hasMessageContaining(
            "add sslMode=disable to the URL, e.g. jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable");
  }

  @Test
  void mySqlUrlsGetTheMariaDbDriversPermissionOnce() {
    assertThat(JdbcUrls.forDriver("jdbc:mysql://db/app"))
        .isEqualTo("jdbc:mysql://db/app?permitMysqlScheme");
    assertThat(JdbcUrls.forDriver("jdbc:mysql://db/app?useSSL=false"))
        .isEqualTo("jdbc:mysql://db/app?useSSL=false&permitMysqlScheme");
    assertThat(JdbcUrls.forDriver("jdbc:mysql://db/app?permitMysqlScheme"))
        .isEqualTo("jdbc:mysql://db/app?permitMysqlScheme");
    assertThat(JdbcUrls.forDriver("jdbc:mariadb://db/app")).isEqualTo("jdbc:mariadb://db/app");
  }
}
