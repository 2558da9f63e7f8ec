package dev.millrace.nats;

import dev.millrace.testkit.PubSubContractTest;
import dev.millrace.testkit.PubSubFeatures;
import dev.millrace.testkit.PubSubUnderTest;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared pub/sub contract against the real NATS server on 127.0.0.1:4222, everything promised
 * including durability. Each test has its own stream; they are deleted after the class.
 */
class JetStreamPubSubContractTest extends PubSubContractTest {

  private static final Set<String> STREAMS = ConcurrentHashMap.newKeySet();

  private final JetStreamPubSubOptions options =
      JetStreamPubSubOptions.forPrefix(
          "millrace-contract-" + UUID.randomUUID().toString().substring(0, 13));

  @Override
  protected PubSubUnderTest createPubSub() {
    STREAMS.add(options.streamName());
    return PubSubUnderTest.of(JetStreamPubSub.create(NatsTestSupport.URL, options));
  }

  @Override
  protected PubSubFeatures features() {
    return PubSubFeatures.defaults().withDurable(true);
  }

  @AfterAll
  static void deleteStreams() throws Exception {
    try (var admin = Nats.connect(NatsTestSupport.URL)) {
      var management = admin.jetStreamManagement();
      for (var stream : STREAMS) {
        try {
          management.deleteStream(stream);
        } catch (JetStreamApiException e) {
          // already gone
        }
      }
    }
  }
}
