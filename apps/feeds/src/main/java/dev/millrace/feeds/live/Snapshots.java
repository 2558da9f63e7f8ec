package dev.millrace.feeds.live;

import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.readmodel.FeedPage;
import dev.millrace.feeds.readmodel.FeedReadModel;
import dev.millrace.feeds.readmodel.PageRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Renders the JSON snapshots of the streams from the read model, in the anchor's wire shapes, and
 * counts every render in {@code millrace.feeds.stream.renders{stream=…}}: with render-once streams,
 * one update watched by many clients adds one per affected key, not one per client. Thread-safe;
 * blocks on the read model.
 */
public final class Snapshots {

  private final FeedReadModel readModel;
  private final Counter feedListRenders;
  private final Counter feedRenders;
  private final Counter postRenders;

  public Snapshots(FeedReadModel readModel, MeterRegistry registry) {
    this.readModel = readModel;
    this.feedListRenders = counter(registry, "feeds");
    this.feedRenders = counter(registry, "feed");
    this.postRenders = counter(registry, "post");
  }

  private static Counter counter(MeterRegistry registry, String stream) {
    return Counter.builder("millrace.feeds.stream.renders")
        .description("Snapshots rendered for live streams and JSON reads, by stream kind")
        .tag("stream", stream)
        .register(registry);
  }

  /** {@code {"feeds":[{"name":…,"posts":N}]}}. */
  public String feedList() {
    feedListRenders.increment();
    return json(Map.of("feeds", readModel.feeds()));
  }

  /** {@code {"name":…,"posts":[Post…],"older":id|null}}, newest first; empty posts if none. */
  public String feed(String name) {
    feedRenders.increment();
    return json(
        readModel.feed(name, PageRequest.NEWEST).orElse(new FeedPage(name, List.of(), null)));
  }

  /** The post as JSON, or {@code null} when the read model does not hold it. */
  public String post(String id) {
    postRenders.increment();
    return readModel.post(id).map(Snapshots::json).orElse("null");
  }

  static String json(Object value) {
    return new String(EventCodec.bytes(value), StandardCharsets.UTF_8);
  }
}
