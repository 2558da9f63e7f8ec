package dev.millrace.core.deadletter;

import dev.millrace.core.internal.StandardFailureClassifier;

/** Tells a transient failure from a permanent one. Implementations are thread-safe. */
@FunctionalInterface
public interface FailureClassifier {

  FailureKind classify(Throwable failure);

  /**
   * The standard rules. The cause chain is walked from the outermost exception to the root cause,
   * and the deepest exception that matches a rule decides; when none matches the failure is {@link
   * FailureKind#PERMANENT}.
   *
   * <ul>
   *   <li>Transient: {@link TransientFailure}; {@link java.sql.SQLTransientException}, {@link
   *       java.sql.SQLRecoverableException}; a {@link java.sql.SQLException} whose SQLState class
   *       is {@code 08} (connection), {@code 40} (deadlock, serialization), {@code 53}
   *       (insufficient resources), {@code 57} (operator intervention) or {@code HYT} (timeout);
   *       {@link java.net.ConnectException}, {@link java.net.SocketException}, {@link
   *       java.net.UnknownHostException}, {@link java.io.InterruptedIOException} (socket timeouts);
   *       any exception whose class name ends in {@code TimeoutException} (such as {@link
   *       java.util.concurrent.TimeoutException}); {@link InterruptedException}; {@link
   *       dev.millrace.core.PubSubException} (the broker failed or is closing) except {@link
   *       dev.millrace.core.PublishRejectedException}.
   *   <li>Permanent: {@link dev.millrace.core.PublishRejectedException}; {@link
   *       dev.millrace.core.PayloadDecodingException}; Jackson's {@code JsonProcessingException}; a
   *       {@link java.sql.SQLException} whose SQLState class is {@code 22} (data, such as
   *       truncation), {@code 23} (constraint) or {@code 42} (syntax, unknown table), or any other
   *       {@link java.sql.SQLNonTransientException}.
   * </ul>
   */
  static FailureClassifier standard() {
    return StandardFailureClassifier.INSTANCE;
  }
}
