package dev.millrace.bench.server;

import dev.millrace.bench.load.Endpoint;

/**
 * A server under test, started by the bench as its own process on loopback and stopped by its own
 * pid when closed.
 */
public interface Target extends AutoCloseable {

  /** Short name used in reports: {@code millrace} or {@code nchan}. */
  String name();

  /** How the server's JVM or worker processes were configured, for the report. */
  String settings();

  Endpoint endpoint();

  /** The root process of the server: it and its descendants are sampled. */
  long pid();

  /** Stops the server and waits for it to exit. */
  @Override
  void close();
}
