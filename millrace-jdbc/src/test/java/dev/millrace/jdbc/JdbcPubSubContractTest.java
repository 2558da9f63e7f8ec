package dev.millrace.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.testkit.PubSubContractTest;
import dev.millrace.testkit.PubSubFeatures;
import dev.millrace.testkit.PubSubUnderTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * The shared pub/sub contract for {@link JdbcPubSub}, everything promised including durability and
 * ordered groups; one subclass per database. Each test has its own tables (a random prefix),
 * dropped after the test; the instances a test makes share them, as restarted nodes would.
 */
abstract class JdbcPubSubContractTest extends PubSubContractTest {

  private final String prefix =
      "ps" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

  /** The database the tests share, open for the whole class. */
  protected abstract HikariDataSource dataSource();

  @Override
  protected PubSubUnderTest createPubSub() {
    var options =
        JdbcPubSubOptions.defaults()
            .withTablePrefix(prefix)
            .withPollInterval(Duration.ofMillis(50));
    return PubSubUnderTest.of(JdbcPubSub.create(dataSource(), configure(options)));
  }

  /** The options of every instance a test creates; subclasses adjust them. */
  protected JdbcPubSubOptions configure(JdbcPubSubOptions options) {
    return options;
  }

  @Override
  protected PubSubFeatures features() {
    return PubSubFeatures.defaults().withDurable(true).withOrderedGroups(true);
  }

  @org.junit.jupiter.api.AfterEach
  void dropTablesAfterTheInstancesClosed() throws Exception {
    closeEverything(); // the superclass would close them after this method: close them first
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : new String[] {"messages", "topics", "offsets"}) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the tables of " + prefix, e);
    }
  }
}
