/**
 * Dead letters: messages a handler can never handle, set aside with their reason by {@link
 * dev.millrace.core.router.DeadLetterQueue} so they stop blocking the messages behind them, kept in
 * a {@link dev.millrace.core.deadletter.DeadLetterStore}, and replayed or dropped through {@link
 * dev.millrace.core.deadletter.DeadLetters}. {@link dev.millrace.core.deadletter.FailureClassifier}
 * tells those from transient failures (a dependency down), which are retried instead.
 */
package dev.millrace.core.deadletter;
