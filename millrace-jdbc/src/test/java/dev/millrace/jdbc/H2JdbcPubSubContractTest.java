package dev.millrace.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pub/sub contract on an H2 file database, as the embedded server uses it. */
class H2JdbcPubSubContractTest extends JdbcPubSubContractTest {

  private static Path folder;
  private static HikariDataSource dataSource;

  @BeforeAll
  static void openDatabase() throws Exception {
    folder = Files.createTempDirectory("millrace-h2-pubsub");
    dataSource = Databases.pool("jdbc:h2:file:" + folder.resolve("pubsub"), "sa", 16);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    dataSource.close();
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Override
  protected HikariDataSource dataSource() {
    return dataSource;
  }
}
