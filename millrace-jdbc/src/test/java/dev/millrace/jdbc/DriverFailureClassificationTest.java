package dev.millrace.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.core.deadletter.FailureClassifier;
import dev.millrace.core.deadletter.FailureKind;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The standard classifier on exceptions the real JDBC drivers throw. */
class DriverFailureClassificationTest {

  private final FailureClassifier classifier = FailureClassifier.standard();

  @Test
  void constraintViolationsAndTruncationOnH2ArePermanent() throws Exception {
    var url = "jdbc:h2:mem:c" + UUID.randomUUID().toString().replace("-", "");
    try (var connection = DriverManager.getConnection(url);
        var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(3))");
      statement.execute("INSERT INTO t VALUES (1, 'abc')");

      var duplicate = failure(() -> statement.execute("INSERT INTO t VALUES (1, 'x')"));
      var tooLong = failure(() -> statement.execute("INSERT INTO t VALUES (2, 'abcdef')"));

      assertThat(duplicate.getSQLState()).startsWith("23");
      assertThat(classifier.classify(duplicate)).isEqualTo(FailureKind.PERMANENT);
      assertThat(tooLong.getSQLState()).startsWith("22");
      assertThat(classifier.classify(tooLong)).isEqualTo(FailureKind.PERMANENT);
    }
  }

  @Test
  void aRefusedConnectionIsTransientOnEveryDriver() {
    var urls =
        new String[] {
          "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2",
          "jdbc:mariadb://127.0.0.1:1/test?connectTimeout=2000",
          "jdbc:h2:tcp://127.0.0.1:1/mem:x"
        };
    for (var url : urls) {
      var refused = failure(() -> DriverManager.getConnection(url, "root", "").close());
      assertThat(classifier.classify(new IllegalStateException("apply failed", refused)))
          .as("%s (SQLState %s): %s", url, refused.getSQLState(), refused)
          .isEqualTo(FailureKind.TRANSIENT);
    }
  }

  private interface Sql {
    void run() throws SQLException;
  }

  private static SQLException failure(Sql sql) {
    try {
      sql.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("no failure");
  }
}
