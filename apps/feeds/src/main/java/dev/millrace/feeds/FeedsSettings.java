package dev.millrace.feeds;

import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import dev.millrace.feeds.hub.HubSettings;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.sse.StreamAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * What the feeds app runs on; every resource here belongs to the caller, who closes it after {@link
 * FeedsApp#close()}.
 *
 * @param vertx the Vert.x instance serving HTTP
 * @param meterRegistry where the app's metrics go
 * @param publisher the pub/sub the outbox relay and the projection publish to
 * @param subscriber the same pub/sub, for the projection (consumer group) and the streams (fan-out)
 * @param writeDataSource the write model's database (H2, MariaDB/MySQL or PostgreSQL); it also
 *     holds the outbox
 * @param readModel the read model, e.g. {@link
 *     dev.millrace.feeds.readmodel.JdbcFeedReadModel#create(DataSource)}
 * @param nodeId this node's id, for logs and metrics
 * @param streamDecorator wraps every stream adapter of the app before its route is mounted; the
 *     identity by default. A hook for instrumenting or benchmarking the live streams (for example,
 *     to count or time renders, or to give every connection its own key so that each one renders
 *     its own snapshot); the wrapper must keep the {@link StreamAdapter} contract.
 * @param hub the Mercure hub the app's resources advertise and whose topics get their changes, or
 *     {@code null} (the default) for none
 */
public record FeedsSettings(
    Vertx vertx,
    MeterRegistry meterRegistry,
    Publisher publisher,
    Subscriber subscriber,
    DataSource writeDataSource,
    FeedReadModel readModel,
    String nodeId,
    UnaryOperator<StreamAdapter> streamDecorator,
    HubSettings hub) {

  public FeedsSettings {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(writeDataSource, "writeDataSource");
    Objects.requireNonNull(readModel, "readModel");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(streamDecorator, "streamDecorator");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("nodeId must not be blank");
    }
  }

  /** Settings whose stream adapters are used as they are, without a hub. */
  public FeedsSettings(
      Vertx vertx,
      MeterRegistry meterRegistry,
      Publisher publisher,
      Subscriber subscriber,
      DataSource writeDataSource,
      FeedReadModel readModel,
      String nodeId) {
    this(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        writeDataSource,
        readModel,
        nodeId,
        UnaryOperator.identity(),
        null);
  }

  /** These settings with every stream adapter wrapped by {@code decorator}. */
  public FeedsSettings withStreamDecorator(UnaryOperator<StreamAdapter> decorator) {
    return new FeedsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        writeDataSource,
        readModel,
        nodeId,
        decorator,
        hub);
  }

  /** These settings with the resources advertising {@code newHub} and publishing to it. */
  public FeedsSettings withHub(HubSettings newHub) {
    return new FeedsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        writeDataSource,
        readModel,
        nodeId,
        streamDecorator,
        newHub);
  }
}
