/**
 * The transactional outbox: {@link dev.millrace.jdbc.JdbcOutbox} appends messages inside the
 * caller's SQL transaction and starts the {@link dev.millrace.jdbc.OutboxRelay} that publishes
 * them, at-least-once and in order per topic, on H2, MariaDB/MySQL and PostgreSQL.
 */
package dev.millrace.jdbc;
