package dev.millrace.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.millrace.core.PayloadDecodingException;
import dev.millrace.core.PubSubException;
import dev.millrace.core.PublishRejectedException;
import dev.millrace.core.deadletter.FailureClassifier;
import dev.millrace.core.deadletter.FailureKind;
import dev.millrace.core.deadletter.TransientFailure;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Set;

/** The rules of {@link FailureClassifier#standard()}: the deepest matching cause decides. */
public final class StandardFailureClassifier implements FailureClassifier {

  public static final StandardFailureClassifier INSTANCE = new StandardFailureClassifier();

  private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57");
  private static final Set<String> PERMANENT_SQL_CLASSES = Set.of("22", "23", "42");

  private StandardFailureClassifier() {}

  @Override
  public FailureKind classify(Throwable failure) {
    FailureKind verdict = null;
    var seen = java.util.Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
    for (var current = failure;
        current != null && seen.add(current);
        current = current.getCause()) {
      var kind = ruleFor(current);
      if (kind != null) {
        verdict = kind;
      }
    }
    return verdict == null ? FailureKind.PERMANENT : verdict;
  }

  private static FailureKind ruleFor(Throwable t) {
    if (t instanceof TransientFailure) {
      return FailureKind.TRANSIENT;
    }
    if (t instanceof SQLException sql) {
      return sqlRule(sql);
    }
    if (t instanceof PublishRejectedException
        || t instanceof PayloadDecodingException
        || t instanceof JsonProcessingException) {
      return FailureKind.PERMANENT;
    }
    if (t instanceof PubSubException
        || t instanceof SocketException
        || t instanceof UnknownHostException
        || t instanceof InterruptedIOException
        || t instanceof InterruptedException
        || t.getClass().getSimpleName().endsWith("TimeoutException")) {
      return FailureKind.TRANSIENT;
    }
    return null;
  }

  private static FailureKind sqlRule(SQLException sql) {
    if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
      return FailureKind.TRANSIENT;
    }
    var state = sql.getSQLState();
    if (state != null && state.length() >= 2) {
      var stateClass = state.substring(0, 2);
      if (TRANSIENT_SQL_CLASSES.contains(stateClass) || state.startsWith("HYT")) {
        return FailureKind.TRANSIENT;
      }
      if (PERMANENT_SQL_CLASSES.contains(stateClass)) {
        return FailureKind.PERMANENT;
      }
    }
    if (sql instanceof SQLNonTransientException) {
      return FailureKind.PERMANENT;
    }
    return null;
  }
}
