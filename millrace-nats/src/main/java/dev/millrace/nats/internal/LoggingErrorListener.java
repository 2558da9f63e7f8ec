package dev.millrace.nats.internal;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the client's error reports to SLF4J. Exceptions are DEBUG: while reconnecting, every failed
 * attempt reports one, and the connection state is already logged and exposed as health.
 */
final class LoggingErrorListener implements ErrorListener {

  private static final Logger log = LoggerFactory.getLogger(LoggingErrorListener.class);

  @Override
  public void errorOccurred(Connection connection, String error) {
    log.warn("NATS server reported an error: {}", error);
  }

  @Override
  public void exceptionOccurred(Connection connection, Exception exception) {
    log.debug("NATS connection exception", exception);
  }

  @Override
  public void slowConsumerDetected(Connection connection, Consumer consumer) {
    log.warn("NATS slow consumer: messages were dropped by the client");
  }

  @Override
  public void heartbeatAlarm(
      Connection connection,
      JetStreamSubscription subscription,
      long lastStreamSequence,
      long lastConsumerSequence) {
    log.warn("NATS consumer heartbeats missed after stream sequence={}", lastStreamSequence);
  }

  @Override
  public void pullStatusError(
      Connection connection, JetStreamSubscription subscription, Status status) {
    log.warn("NATS pull failed: {}", status);
  }

  @Override
  public void socketWriteTimeout(Connection connection) {
    log.warn("NATS socket write timed out");
  }
}
