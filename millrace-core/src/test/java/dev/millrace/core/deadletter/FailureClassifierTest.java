package dev.millrace.core.deadletter;

import static dev.millrace.core.deadletter.FailureKind.PERMANENT;
import static dev.millrace.core.deadletter.FailureKind.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.core.PayloadDecodingException;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PubSubException;
import dev.millrace.core.PublishRejectedException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

  private final FailureClassifier classifier = FailureClassifier.standard();

  @Test
  void connectionLossAndTimeoutsAreTransient() {
    assertThat(kind(new SQLException("connection lost", "08006"))).isEqualTo(TRANSIENT);
    assertThat(kind(new SQLException("deadlock", "40001"))).isEqualTo(TRANSIENT);
    assertThat(kind(new SQLException("timeout", "HYT00"))).isEqualTo(TRANSIENT);
    assertThat(kind(new SQLTransientConnectionException("pool timed out"))).isEqualTo(TRANSIENT);
    assertThat(kind(new SQLRecoverableException("gone"))).isEqualTo(TRANSIENT);
    assertThat(kind(new TimeoutException())).isEqualTo(TRANSIENT);
    assertThat(kind(new SocketTimeoutException())).isEqualTo(TRANSIENT);
    assertThat(kind(new PubSubException("broker down"))).isEqualTo(TRANSIENT);
    assertThat(kind(new PubSubClosedException("closing"))).isEqualTo(TRANSIENT);
    assertThat(kind(new Unavailable())).isEqualTo(TRANSIENT);
  }

  @Test
  void aRealRefusedConnectionIsTransient() throws Exception {
    Exception refused;
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 1), 2000);
      throw new AssertionError("something listens on port 1");
    } catch (ConnectException e) {
      refused = e;
    }

    assertThat(kind(new IllegalStateException("cannot reach", refused))).isEqualTo(TRANSIENT);
  }

  @Test
  void badDataConstraintsDecodingAndRejectionsArePermanent() throws Exception {
    assertThat(kind(new SQLDataException("value too long", "22001"))).isEqualTo(PERMANENT);
    assertThat(kind(new SQLIntegrityConstraintViolationException("dup", "23505")))
        .isEqualTo(PERMANENT);
    assertThat(kind(new SQLException("no such table", "42S02"))).isEqualTo(PERMANENT);
    assertThat(kind(new PayloadDecodingException("bad", null))).isEqualTo(PERMANENT);
    assertThat(kind(new PublishRejectedException("too large"))).isEqualTo(PERMANENT);
    Exception json;
    try {
      new ObjectMapper().readTree("{not json");
      throw new AssertionError("parsed");
    } catch (Exception e) {
      json = e;
    }
    assertThat(kind(new UncheckedIOException("malformed", (java.io.IOException) json)))
        .isEqualTo(PERMANENT);
  }

  @Test
  void unknownFailuresArePermanent() {
    assertThat(kind(new IllegalStateException("bug"))).isEqualTo(PERMANENT);
    assertThat(kind(new NullPointerException())).isEqualTo(PERMANENT);
  }

  @Test
  void theDeepestMatchingCauseDecides() {
    var constraintInsidePubSub =
        new PubSubException("cannot append", new SQLException("duplicate", "23505"));
    var connectionInsideAppError =
        new IllegalStateException("apply failed", new SQLException("refused", "08001"));

    assertThat(kind(constraintInsidePubSub)).isEqualTo(PERMANENT);
    assertThat(kind(connectionInsideAppError)).isEqualTo(TRANSIENT);
    assertThat(kind(new PubSubException("publish failed", new IllegalArgumentException())))
        .isEqualTo(TRANSIENT);
  }

  private FailureKind kind(Throwable failure) {
    return classifier.classify(failure);
  }

  private static final class Unavailable extends RuntimeException implements TransientFailure {}
}
