package dev.millrace.server.cluster;

import dev.millrace.nats.JetStreamPubSubOptions;
import io.nats.client.Nats;

/** Removes the JetStream streams a test run created: the apps' and the hub's. */
final class NatsStreams {

  private NatsStreams() {}

  static void deleteQuietly(String prefix) {
    for (String streamPrefix : new String[] {prefix, prefix + "-hub"}) {
      var stream = JetStreamPubSubOptions.forPrefix(streamPrefix).streamName();
      try (var connection = Nats.connect("nats://127.0.0.1:4222")) {
        connection.jetStreamManagement().deleteStream(stream);
      } catch (Exception e) {
        System.err.println("cluster cleanup: deleting stream " + stream + " failed: " + e);
      }
    }
  }
}
