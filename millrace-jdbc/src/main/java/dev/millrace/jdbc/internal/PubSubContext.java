package dev.millrace.jdbc.internal;

import dev.millrace.jdbc.JdbcPubSubOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import javax.sql.DataSource;

/** What the parts of one SQL pub/sub share: the database, the tables, options and meters. */
public record PubSubContext(
    DataSource dataSource,
    PubSubTables tables,
    JdbcPubSubOptions options,
    Counter published,
    Counter publishFailures,
    Timer publishBatches,
    Counter delivered,
    Counter redelivered,
    Counter consumeFailures,
    Counter groupBusy,
    Counter purged) {

  public static PubSubContext create(DataSource dataSource, JdbcPubSubOptions options) {
    MeterRegistry registry = options.meterRegistry();
    String prefix = options.tablePrefix();
    return new PubSubContext(
        dataSource,
        new PubSubTables(prefix),
        options,
        registry.counter("millrace.pubsub.jdbc.published", "prefix", prefix),
        registry.counter("millrace.pubsub.jdbc.publish.failures", "prefix", prefix),
        Timer.builder("millrace.pubsub.jdbc.publish.batches")
            .description("time to write and commit one batch of published messages")
            .tag("prefix", prefix)
            .register(registry),
        registry.counter("millrace.pubsub.jdbc.delivered", "prefix", prefix),
        registry.counter("millrace.pubsub.jdbc.redelivered", "prefix", prefix),
        registry.counter("millrace.pubsub.jdbc.consume.failures", "prefix", prefix),
        Counter.builder("millrace.pubsub.jdbc.group.busy")
            .description("a group member found its group held by a member elsewhere")
            .tag("prefix", prefix)
            .register(registry),
        registry.counter("millrace.pubsub.jdbc.purged", "prefix", prefix));
  }

  WakeSignal signal(String topic) {
    return WakeSignal.forTopic(options.tablePrefix(), topic);
  }
}
