package dev.millrace.nats;

import static dev.millrace.nats.JetStreamPubSubTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Delivery;
import dev.millrace.core.SubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JetStreamGroupTest {

  private static final SubscribeOptions PROJECTIONS = SubscribeOptions.group("projections");

  private final NatsTestSupport nats = new NatsTestSupport();

  @AfterEach
  void cleanUp() throws Exception {
    nats.close();
  }

  @Test
  void eachMessageGoesToOneMemberAcrossNodesAndEachMemberSeesStreamOrder() {
    var all = new CopyOnWriteArrayList<String>();
    var perNode = new ArrayList<List<String>>();
    for (int node = 0; node < 3; node++) {
      var seen = new CopyOnWriteArrayList<String>();
      perNode.add(seen);
      nats.node()
          .subscribe(
              "posts",
              PROJECTIONS,
              delivery -> {
                seen.add(delivery.message().id());
                all.add(delivery.message().id());
                delivery.ack();
              });
    }
    var publisher = nats.node();
    var expected = IntStream.range(0, 30).mapToObj(i -> "p" + i).toList();

    expected.forEach(id -> publisher.publish("posts", message(id)));

    await().until(() -> all.size() >= expected.size());
    assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    for (var seen : perNode) {
      assertThat(seen)
          .isSortedAccordingTo(Comparator.comparingInt(id -> Integer.parseInt(id.substring(1))));
    }
  }

  @Test
  void separateGroupsAndFanOutEachGetEveryMessage() {
    var pubSub = nats.node();
    var projections = new CopyOnWriteArrayList<String>();
    var audit = new CopyOnWriteArrayList<String>();
    var fanOut = JetStreamPubSubTest.recordAcking(pubSub, "posts");
    pubSub.subscribe("posts", PROJECTIONS, ackInto(projections));
    pubSub.subscribe("posts", SubscribeOptions.group("audit"), ackInto(audit));

    pubSub.publish("posts", message("a"));
    pubSub.publish("posts", message("b")).join();

    await().until(() -> projections.size() == 2 && audit.size() == 2 && fanOut.size() == 2);
    assertThat(projections).containsExactly("a", "b");
    assertThat(audit).containsExactly("a", "b");
  }

  @Test
  void aBatchMemberGetsAPullsMessagesTogetherInStreamOrderAndTheServerKeepsItsAcks()
      throws Exception {
    var pubSub = nats.node();
    var firstBatchHeld = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var batches = new CopyOnWriteArrayList<List<String>>();
    var member =
        pubSub.subscribeBatches(
            "posts",
            PROJECTIONS,
            50,
            batch -> {
              batches.add(batch.stream().map(delivery -> delivery.message().id()).toList());
              firstBatchHeld.countDown();
              release.await(20, TimeUnit.SECONDS);
              batch.forEach(Delivery::ack);
            });
    var expected = IntStream.range(0, 121).mapToObj(i -> "p" + i).toList();

    pubSub.publish("posts", message(expected.getFirst())).join();
    assertThat(firstBatchHeld.await(20, TimeUnit.SECONDS)).isTrue();
    for (var id : expected.subList(1, expected.size())) {
      pubSub.publish("posts", message(id)).join();
    }
    release.countDown();

    await().until(() -> batches.stream().mapToInt(List::size).sum() >= expected.size());
    assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(expected);
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 50));
    assertThat(batches)
        .as("the waiting messages came in batches")
        .anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
    member.close();
    var later = new CopyOnWriteArrayList<String>();
    nats.node().subscribe("posts", PROJECTIONS, ackInto(later));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(later::isEmpty);
  }

  @Test
  void aNackRedeliversTheSameMessageBeforeTheNext() {
    var pubSub = nats.node();
    var seen = new CopyOnWriteArrayList<String>();
    pubSub.subscribe(
        "posts",
        PROJECTIONS,
        delivery -> {
          seen.add(delivery.message().id() + "#" + delivery.attempt());
          if (delivery.attempt() < 3 && delivery.message().id().equals("a")) {
            throw new IllegalStateException("not yet");
          }
          delivery.ack();
        });

    pubSub.publish("posts", message("a"));
    pubSub.publish("posts", message("b")).join();

    await().until(() -> seen.size() == 4);
    assertThat(seen).containsExactly("a#1", "a#2", "a#3", "b#1");
  }

  @Test
  void aMemberClosingWithAnUnackedMessageHandsItToAnotherAtOnce() {
    var options = nats.options().withGroupDelivery(Duration.ofMinutes(5), -1);
    var first = nats.node(options);
    var held = new CopyOnWriteArrayList<Delivery>();
    var leaving = first.subscribe("posts", PROJECTIONS, held::add); // never acks
    var publisher = nats.node();
    publisher.publish("posts", message("a")).join();
    await().until(() -> held.size() == 1);

    var taken = new CopyOnWriteArrayList<String>();
    nats.node()
        .subscribe(
            "posts",
            PROJECTIONS,
            delivery -> {
              taken.add(delivery.message().id() + "#" + delivery.attempt());
              delivery.ack();
            });
    leaving.close();

    // Well under the 5 min ack wait: the closing member gave the message back.
    await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 1);
    assertThat(taken).containsExactly("a#2");
    held.getFirst().ack(); // too late: ignored
  }

  @Test
  void aGroupResumesWhereItStoppedAfterEveryMemberLeft() {
    var pubSub = nats.node();
    var seen = new CopyOnWriteArrayList<String>();
    var member = pubSub.subscribe("posts", PROJECTIONS, ackInto(seen));
    pubSub.publish("posts", message("a")).join();
    await().until(() -> seen.size() == 1);
    member.close();

    pubSub.publish("posts", message("b")).join(); // while no member runs
    pubSub.subscribe("posts", PROJECTIONS, ackInto(seen));

    await().until(() -> seen.size() == 2);
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void aSlowListenerKeepsItsMessageBeyondTheAckWait() {
    var options = nats.options().withGroupDelivery(Duration.ofSeconds(1), -1);
    var seen = new CopyOnWriteArrayList<String>();
    var done = new java.util.concurrent.atomic.AtomicBoolean();
    dev.millrace.core.MessageListener slow =
        delivery -> {
          seen.add(delivery.message().id() + "#" + delivery.attempt());
          Thread.sleep(3_500); // the slow work under test, three ack waits long
          delivery.ack();
          done.set(true);
        };
    nats.node(options).subscribe("posts", PROJECTIONS, slow);
    nats.node(options).subscribe("posts", PROJECTIONS, slow);

    nats.node(options).publish("posts", message("a")).join();

    await().untilTrue(done);
    await().during(Duration.ofSeconds(1)).until(() -> seen.size() == 1);
    assertThat(seen).containsExactly("a#1");
  }

  @Test
  void aMessageHeldByAMemberThatDiedGoesToAnotherAfterTheAckWait() throws Exception {
    var options = nats.options().withGroupDelivery(Duration.ofSeconds(1), -1);
    var doomedConnection = nats.admin();
    var doomed = JetStreamPubSub.create(doomedConnection, options);
    var held = new CopyOnWriteArrayList<Delivery>();
    doomed.subscribe("posts", PROJECTIONS, held::add); // never acks
    nats.node(options).publish("posts", message("a")).join();
    await().until(() -> held.size() == 1);

    var taken = new CopyOnWriteArrayList<String>();
    nats.node(options).subscribe("posts", PROJECTIONS, ackInto(taken));
    doomedConnection.close(); // the member's process is gone: no ack, no nack, no heartbeat

    await().atMost(Duration.ofSeconds(15)).until(() -> taken.size() == 1);
    assertThat(taken).containsExactly("a");
    doomed.close();
  }

  private static dev.millrace.core.MessageListener ackInto(List<String> seen) {
    return delivery -> {
      seen.add(delivery.message().id());
      delivery.ack();
    };
  }
}
