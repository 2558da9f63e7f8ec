package dev.millrace.server;

/** One dependency's health, asked on a worker thread: it may block briefly. */
@FunctionalInterface
interface HealthCheck {

  /** {@code true} while the dependency is usable. */
  boolean isUp();
}
