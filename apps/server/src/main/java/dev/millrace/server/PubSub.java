package dev.millrace.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.hub.HistoryLimits;
import dev.millrace.hub.HubBus;
import dev.millrace.hub.HubJournal;
import dev.millrace.jdbc.JdbcPubSub;
import dev.millrace.jdbc.JdbcPubSubOptions;
import dev.millrace.nats.JetStreamPubSub;
import dev.millrace.nats.JetStreamPubSubOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The node's pub/sub: NATS JetStream when a URL is configured; otherwise a durable SQL pub/sub in
 * the configured write-model database (nodes sharing that database share their events, no broker
 * needed), or in an embedded H2 file of its own in the data dir. Every choice keeps what was
 * published through a crash of the node.
 *
 * @param publisher where events are published
 * @param subscriber the same pub/sub, for handlers (groups) and streams (fan-out)
 * @param health up while the pub/sub can carry messages
 * @param hubBus the Mercure hub's updates and history: a stream of its own on NATS ({@code
 *     <prefix>-hub}), else tables of their own ({@code millrace_hub_*}) in a shared write-model
 *     database, both limited to the history's age and to {@link #hubStoreCount} messages; else a
 *     journal in the data dir ({@link HubJournal}) that keeps the history's limits
 * @param closer closes the pub/sub (and its connection pool)
 */
record PubSub(
    Publisher publisher,
    Subscriber subscriber,
    HealthCheck health,
    HubBus hubBus,
    AutoCloseable closer) {

  /** Table prefix of the SQL pub/sub, in the write-model database or its own H2 file. */
  static final String TABLE_PREFIX = JdbcPubSubOptions.DEFAULT_TABLE_PREFIX;

  /** How often subscriptions look for messages they were not woken for, on the embedded store. */
  static final java.time.Duration EMBEDDED_POLL_INTERVAL = java.time.Duration.ofSeconds(2);

  /** The hub's journal, under the data dir, when the node has no shared database. */
  static final String HUB_JOURNAL_DIR = "hub";

  /** Table prefix of the hub's SQL pub/sub, in a shared write-model database. */
  static final String HUB_TABLE_PREFIX = "millrace_hub_";

  /** Most messages the hub's store keeps beyond the history's count, for the hub's markers. */
  static final int HUB_MARKER_ROOM = 1_000;

  /**
   * How many messages the hub's store keeps: the history's count, plus as many again (at most
   * {@value #HUB_MARKER_ROOM}) for the markers that nodes publish on the same topic as they start
   * or catch up, so a node that starts still reads the full count of updates back; 1 when the
   * history keeps none, since a store keeps at least its last message.
   */
  static long hubStoreCount(HistoryLimits history) {
    int count = history.maxCount();
    return count == 0 ? 1 : (long) count + Math.min(count, HUB_MARKER_ROOM);
  }

  static PubSub open(
      MessagingConfig config, StorageConfig storage, HistoryLimits history, MeterRegistry metrics) {
    if (config.usesNats()) {
      var jetStream =
          JetStreamPubSub.create(
              config.natsUrl(), JetStreamPubSubOptions.forPrefix(config.natsPrefix()));
      jetStream.bindTo(metrics);
      JetStreamPubSub hub;
      try {
        hub =
            JetStreamPubSub.create(
                config.natsUrl(),
                JetStreamPubSubOptions.forPrefix(config.natsPrefix() + "-hub")
                    .withStreamLimits(
                        history.maxAge(),
                        JetStreamPubSubOptions.DEFAULT_MAX_BYTES,
                        JetStreamPubSubOptions.DEFAULT_DUPLICATE_WINDOW)
                    .withMaxMessages(hubStoreCount(history)));
      } catch (RuntimeException e) {
        jetStream.close();
        throw e;
      }
      var bus =
          new HubBus(
              hub,
              (topic, listener) -> hub.subscribeFrom(topic, 1, listener),
              HubBus.DEFAULT_TOPIC);
      AutoCloseable closer =
          () -> {
            try {
              hub.close();
            } finally {
              jetStream.close();
            }
          };
      return new PubSub(jetStream, jetStream, jetStream::isConnected, bus, closer);
    }
    HikariDataSource dataSource = WriteDatabase.openPubSub(storage);
    // The embedded H2 file is this process's alone: every publish wakes its subscriptions at
    // once, so polling is only a safety net, and each pub/sub is its tables' only writer. Nodes
    // sharing a database poll for each other's messages and lock each topic as they publish.
    boolean embedded = storage.dbUrl() == null;
    var pollInterval = embedded ? EMBEDDED_POLL_INTERVAL : JdbcPubSubOptions.DEFAULT_POLL_INTERVAL;
    try {
      var jdbc =
          JdbcPubSub.create(
              dataSource,
              JdbcPubSubOptions.defaults()
                  .withTablePrefix(TABLE_PREFIX)
                  .withPollInterval(pollInterval)
                  .withSoleWriter(embedded)
                  .withMeterRegistry(metrics));
      Publisher hub;
      HubBus bus;
      if (embedded) {
        HubJournal journal;
        try {
          journal = HubJournal.open(storage.dataDir().resolve(HUB_JOURNAL_DIR), history, metrics);
        } catch (IOException e) {
          jdbc.close();
          throw new UncheckedIOException("cannot open the hub's journal", e);
        }
        hub = journal;
        bus = journal.bus();
      } else {
        var shared =
            JdbcPubSub.create(
                dataSource,
                JdbcPubSubOptions.defaults()
                    .withTablePrefix(HUB_TABLE_PREFIX)
                    .withPollInterval(pollInterval)
                    .withRetention(history.maxAge())
                    .withMaxMessagesPerTopic(hubStoreCount(history))
                    .withMeterRegistry(metrics));
        hub = shared;
        bus =
            new HubBus(
                shared,
                (topic, listener) -> shared.subscribeFrom(topic, 1, listener),
                HubBus.DEFAULT_TOPIC);
      }
      AutoCloseable closer =
          () -> {
            try {
              hub.close();
              jdbc.close();
            } finally {
              dataSource.close();
            }
          };
      return new PubSub(jdbc, jdbc, jdbc::isHealthy, bus, closer);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }
}
