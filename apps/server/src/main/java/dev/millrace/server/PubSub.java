package dev.millrace.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.jdbc.JdbcPubSub;
import dev.millrace.jdbc.JdbcPubSubOptions;
import dev.millrace.nats.JetStreamPubSub;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The node's pub/sub: NATS JetStream when a URL is configured; otherwise a durable SQL pub/sub in
 * the configured write-model database (nodes sharing that database share their events, no broker
 * needed), or in an embedded H2 file of its own in the data dir. Every choice keeps what was
 * published through a crash of the node.
 *
 * @param publisher where events are published
 * @param subscriber the same pub/sub, for handlers (groups) and streams (fan-out)
 * @param health up while the pub/sub can carry messages
 * @param closer closes the pub/sub (and its connection pool)
 */
record PubSub(
    Publisher publisher, Subscriber subscriber, HealthCheck health, AutoCloseable closer) {

  /** Table prefix of the SQL pub/sub, in the write-model database or its own H2 file. */
  static final String TABLE_PREFIX = JdbcPubSubOptions.DEFAULT_TABLE_PREFIX;

  static PubSub open(MessagingConfig config, StorageConfig storage, MeterRegistry metrics) {
    if (config.usesNats()) {
      var jetStream =
          JetStreamPubSub.create(
              config.natsUrl(), JetStreamPubSubOptions.forPrefix(config.natsPrefix()));
      jetStream.bindTo(metrics);
      return new PubSub(jetStream, jetStream, jetStream::isConnected, jetStream);
    }
    HikariDataSource dataSource = WriteDatabase.openPubSub(storage);
    try {
      var jdbc =
          JdbcPubSub.create(
              dataSource,
              JdbcPubSubOptions.defaults()
                  .withTablePrefix(TABLE_PREFIX)
                  .withMeterRegistry(metrics));
      AutoCloseable closer =
          () -> {
            try {
              jdbc.close();
            } finally {
              dataSource.close();
            }
          };
      return new PubSub(jdbc, jdbc, jdbc::isHealthy, closer);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }
}
