package dev.millrace.nats;

import dev.millrace.core.PubSubException;

/** No NATS server answered at the configured address when connecting for the first time. */
public class NatsUnreachableException extends PubSubException {

  public NatsUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
