package dev.millrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput and latency of the in-process pub/sub. Not a unit test: run it on purpose with {@code
 * ./mvnw -o test -pl millrace-core -Dtest=InProcessPubSubBenchmark -Dmillrace.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "millrace.benchmark", matches = "true")
class InProcessPubSubBenchmark {

  private static final int MESSAGES = 500_000;

  @Test
  void fanOutThroughput() throws Exception {
    for (int subscribers : new int[] {1, 8}) {
      run("fan-out x" + subscribers, subscribers, null);
    }
  }

  @Test
  void consumerGroupThroughput() throws Exception {
    run("group of 4", 4, "workers");
  }

  @Test
  void publishToDeliveryLatencyAtAModerateRate() throws Exception {
    try (var pubSub = InProcessPubSub.create()) {
      int count = 20_000;
      long[] latencies = new long[count];
      var index = new AtomicInteger();
      var done = new CountDownLatch(count);
      pubSub.subscribe(
          "latency",
          delivery -> {
            long sent = Long.parseLong(delivery.message().metadata("sent_nanos"));
            latencies[index.getAndIncrement()] = System.nanoTime() - sent;
            delivery.ack();
            done.countDown();
          });
      for (int i = 0; i < count; i++) {
        Message message =
            Message.of(new byte[64]).withMetadata("sent_nanos", Long.toString(System.nanoTime()));
        pubSub.publish("latency", message);
        if (i % 100 == 0) {
          Thread.sleep(1); // about 50k messages per second at most: not a saturation test
        }
      }
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
      Arrays.sort(latencies);
      System.out.printf(
          "latency: p50=%d us p99=%d us p999=%d us max=%d us%n",
          latencies[count / 2] / 1000,
          latencies[count * 99 / 100] / 1000,
          latencies[count * 999 / 1000] / 1000,
          latencies[count - 1] / 1000);
    }
  }

  private static void run(String name, int subscribers, String group) throws Exception {
    try (var pubSub = InProcessPubSub.create()) {
      var done = new CountDownLatch(group == null ? subscribers * MESSAGES : MESSAGES);
      for (int i = 0; i < subscribers; i++) {
        SubscribeOptions options =
            group == null ? SubscribeOptions.DEFAULTS : SubscribeOptions.group(group);
        pubSub.subscribe(
            "bench",
            options,
            delivery -> {
              delivery.ack();
              done.countDown();
            });
      }
      Message message = Message.of(new byte[256]);
      long start = System.nanoTime();
      List<CompletableFuture<Void>> window = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        window.add(pubSub.publish("bench", message));
        if (window.size() == 1000) { // respect backpressure like a well-behaved publisher
          CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
          window.clear();
        }
      }
      assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%s: %d messages in %.2f s = %.0f published/s, %.0f deliveries/s%n",
          name,
          MESSAGES,
          seconds,
          MESSAGES / seconds,
          (MESSAGES - 0.0) * (group == null ? subscribers : 1) / seconds);
    }
  }
}
