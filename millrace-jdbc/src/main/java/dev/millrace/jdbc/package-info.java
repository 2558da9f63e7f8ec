/**
 * SQL adapters on H2, MariaDB/MySQL and PostgreSQL.
 *
 * <h2>Transactional outbox</h2>
 *
 * {@link dev.millrace.jdbc.JdbcOutbox} appends messages inside the caller's SQL transaction and
 * starts the {@link dev.millrace.jdbc.OutboxRelay} that publishes them, at-least-once and in order
 * per topic.
 *
 * <h2>Durable SQL pub/sub</h2>
 *
 * {@link dev.millrace.jdbc.JdbcPubSub} is a {@link dev.millrace.core.Publisher} and {@link
 * dev.millrace.core.Subscriber} whose messages live in a table, in the manner of Watermill's SQL
 * pub/sub: a publish completes once its row is committed, consumer groups keep their acked offset
 * per topic in a table and deliver in publish order with one member active at a time (across nodes
 * sharing the database), and fan-out subscriptions read from the topic's end with their position in
 * memory. Subscriptions wake at once for publishes in the same JVM and poll for the others.
 * Relaying an outbox into it moves a message from one table to another, so a crash at any moment
 * loses nothing: a row is marked sent only after the pub/sub committed it, and a crash between the
 * two publishes it again with the same id.
 *
 * <p>On H2 files, open the database with {@code WRITE_DELAY=0}: by default H2 writes commits to the
 * file up to half a second later, and a killed process loses commits it had confirmed.
 */
package dev.millrace.jdbc;
