/**
 * A Mercure hub on the Millrace SSE engine: {@link dev.millrace.hub.MercureHub} serves {@code
 * /.well-known/mercure} on every node, with history and fan-out through the project's pub/sub
 * ({@link dev.millrace.hub.HubBus}). {@link dev.millrace.hub.MercureLinks} helps resources
 * advertise it.
 */
package dev.millrace.hub;
