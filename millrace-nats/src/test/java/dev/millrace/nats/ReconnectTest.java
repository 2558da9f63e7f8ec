package dev.millrace.nats;

import static dev.millrace.nats.JetStreamPubSubTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.SubscribeOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NATS server of its own (the nats-server binary on a free loopback port, JetStream stored in a
 * temporary directory) is killed and restarted under a running pub/sub.
 */
@Tag("slow")
class ReconnectTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path store;
  private int port;
  private Process server;

  @BeforeEach
  void startServer() throws Exception {
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = start();
  }

  @AfterEach
  void stopServer() {
    server.destroyForcibly();
  }

  @Test
  void reconnectsAfterTheServerRestartsAndKeepsDelivering() throws Exception {
    var pubSub =
        JetStreamPubSub.create(
            "nats://127.0.0.1:" + port, JetStreamPubSubOptions.forPrefix("millrace-reconnect"));
    try (pubSub) {
      var fanOut = new CopyOnWriteArrayList<String>();
      var group = new CopyOnWriteArrayList<String>();
      pubSub.subscribe("posts", ackInto(fanOut));
      pubSub.subscribe("posts", SubscribeOptions.group("projections"), ackInto(group));
      pubSub.publish("posts", message("before")).join();
      await().atMost(WAIT).until(() -> fanOut.size() == 1 && group.size() == 1);

      server.destroyForcibly().waitFor();
      await().atMost(WAIT).until(() -> !pubSub.isConnected());
      server = start();
      await().atMost(WAIT).until(pubSub::isConnected);
      pubSub.publish("posts", message("after")).get();

      await().atMost(WAIT).until(() -> fanOut.contains("after") && group.contains("after"));
      assertThat(fanOut).containsExactly("before", "after");
      // A group is at least once: an ack still on its way, or not yet on the killed server's
      // disk, brings "before" again after the restart. Nothing is lost, and each message first
      // arrives in order.
      assertThat(new java.util.LinkedHashSet<>(group)).containsExactly("before", "after");
    }
  }

  private Process start() throws IOException {
    var log = store.resolve("server.log");
    var process =
        new ProcessBuilder(
                "nats-server", "-a", "127.0.0.1", "-p", "" + port, "-js", "-sd", store.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(WAIT)
        .until(() -> Files.exists(log) && Files.readString(log).contains("Server is ready"));
    Files.delete(log);
    return process;
  }

  private static dev.millrace.core.MessageListener ackInto(List<String> seen) {
    return delivery -> {
      seen.add(delivery.message().id());
      delivery.ack();
    };
  }
}
