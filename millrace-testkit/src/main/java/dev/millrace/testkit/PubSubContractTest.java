package dev.millrace.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Delivery;
import dev.millrace.core.Message;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.Publisher;
import dev.millrace.core.SubscribeOptions;
import dev.millrace.core.Subscriber;
import dev.millrace.core.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Publisher}/{@link Subscriber} adapter fulfils. An adapter's test
 * extends this class, implements {@link #createPubSub()} and, when it does not promise everything,
 * overrides {@link #features()}.
 *
 * <p>Each test uses its own random topic and group names, so a broker may be shared with other
 * tests. Waits use Awaitility with {@link PubSubFeatures#timeout()}; the only fixed pauses are the
 * short windows in which a test checks that something does <em>not</em> happen.
 */
public abstract class PubSubContractTest {

  /** Metadata key holding the position of a message in its test's publishing sequence. */
  protected static final String SEQ = "contract_seq";

  private static final Duration QUIET = Duration.ofMillis(300);

  private final List<AutoCloseable> toClose = new ArrayList<>();
  protected PubSubUnderTest pubSub;
  protected String topic;

  /**
   * A new adapter instance connected to the shared broker. Called once per test, and again by tests
   * that need a second instance (a restart).
   */
  protected abstract PubSubUnderTest createPubSub();

  /** What the adapter promises; everything but durability unless overridden. */
  protected PubSubFeatures features() {
    return PubSubFeatures.defaults();
  }

  @BeforeEach
  void setUpPubSub() {
    topic = "contract-" + UUID.randomUUID();
    pubSub = newPubSub();
  }

  /** Closes every instance the test made, last first; later calls do nothing. */
  @AfterEach
  protected void closeEverything() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
    toClose.clear();
  }

  // --- publish and subscribe

  @Test
  void deliversIdMetadataAndPayload() {
    var listener = RecordingListener.acking();
    subscriber().subscribe(topic, listener);
    var sent = new Message("id-" + UUID.randomUUID(), Map.of("k", "v ✓"), new byte[] {0, -1, 7});

    publish(sent);

    Message received = listener.awaitCount(1, timeout()).deliveries().getFirst().message();
    assertThat(received.id()).isEqualTo(sent.id());
    assertThat(received.metadata()).containsAllEntriesOf(sent.metadata());
    assertThat(received.payload()).containsExactly(sent.payload());
    assertThat(listener.deliveries().getFirst().topic()).isEqualTo(topic);
    assertThat(listener.deliveries().getFirst().attempt()).isEqualTo(1);
  }

  @Test
  void deliversInPublishOrder() {
    var listener = RecordingListener.acking();
    subscriber().subscribe(topic, listener);
    List<Message> sent = messages(200);

    publishAll(sent);

    listener.awaitCount(sent.size(), timeout());
    assertThat(listener.ids()).containsExactlyElementsOf(ids(sent));
  }

  @Test
  void keepsTopicsApart() {
    var here = RecordingListener.acking();
    var there = RecordingListener.acking();
    String otherTopic = topic + "-other";
    subscriber().subscribe(topic, here);
    subscriber().subscribe(otherTopic, there);

    publish(message(1));
    publisher().publish(otherTopic, message(2)).join();

    here.awaitCount(1, timeout());
    there.awaitCount(1, timeout());
    assertThat(seqs(here)).containsExactly(1);
    assertThat(seqs(there)).containsExactly(2);
  }

  @Test
  void publishWithoutSubscribersSucceeds() {
    assertThat(publisher().publish(topic, message(1))).succeedsWithin(timeout());
  }

  @Test
  void concurrentPublishersLoseNothingAndKeepEachPublishersOrder() throws Exception {
    var listener = RecordingListener.acking();
    subscriber().subscribe(topic, listener);
    int publishers = 4;
    int perPublisher = 100;

    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      int publisherIndex = p;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    List<CompletableFuture<Void>> futures = new ArrayList<>();
                    for (int i = 0; i < perPublisher; i++) {
                      Message m = message(i).withMetadata("publisher", "" + publisherIndex);
                      futures.add(publisher().publish(topic, m));
                    }
                    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
                  }));
    }
    for (Thread thread : threads) {
      assertThat(thread.join(timeout())).isTrue();
    }

    listener.awaitCount(publishers * perPublisher, timeout());
    assertThat(new HashSet<>(listener.ids())).hasSize(publishers * perPublisher);
    for (int p = 0; p < publishers; p++) {
      String publisherIndex = "" + p;
      List<Integer> order =
          listener.deliveries().stream()
              .map(Delivery::message)
              .filter(m -> publisherIndex.equals(m.metadata("publisher")))
              .map(m -> Integer.parseInt(m.metadata(SEQ)))
              .toList();
      assertThat(order).isSorted().hasSize(perPublisher);
    }
  }

  // --- ack and nack

  @Test
  void deliversTheNextMessageOnlyAfterTheAck() {
    var listener = RecordingListener.manual();
    subscriber().subscribe(topic, listener);

    publishAll(messages(2));

    listener.awaitCount(1, timeout());
    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> listener.count() == 1);
    listener.deliveries().getFirst().ack(); // from a thread other than the listener's
    listener.awaitCount(2, timeout());
    assertThat(seqs(listener)).containsExactly(0, 1);
  }

  @Test
  void nackRedeliversTheSameMessageBeforeTheNext() {
    var listener = RecordingListener.manual();
    subscriber().subscribe(topic, listener);

    publishAll(messages(2));

    listener.awaitCount(1, timeout()).deliveries().get(0).nack();
    listener.awaitCount(2, timeout()).deliveries().get(1).ack();
    listener.awaitCount(3, timeout()).deliveries().get(2).ack();
    List<Delivery> deliveries = listener.deliveries();
    assertThat(deliveries.get(1).message().id()).isEqualTo(deliveries.get(0).message().id());
    assertThat(deliveries.get(1).attempt()).isEqualTo(2);
    assertThat(seqs(listener)).containsExactly(0, 0, 1);
  }

  @Test
  void listenerExceptionRedeliversLikeANack() {
    List<Delivery> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    subscriber()
        .subscribe(
            topic,
            delivery -> {
              seen.add(delivery);
              if (delivery.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
              }
              delivery.ack();
            });

    publishAll(messages(2));

    await().atMost(timeout()).until(() -> seen.size() >= 4);
    assertThat(seen)
        .extracting(d -> d.message().metadata(SEQ) + "#" + d.attempt())
        .containsExactly("0#1", "0#2", "1#1", "1#2");
  }

  @Test
  void ackAndNackAfterTheFirstAreIgnored() {
    var listener = RecordingListener.manual();
    subscriber().subscribe(topic, listener);

    publishAll(messages(2));

    Delivery first = listener.awaitCount(1, timeout()).deliveries().getFirst();
    first.ack();
    first.nack();
    first.ack();
    listener.awaitCount(2, timeout()).deliveries().get(1).ack();
    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> listener.count() == 2);
    assertThat(seqs(listener)).containsExactly(0, 1);
  }

  // --- batches

  @Test
  void batchesHoldConsecutiveMessagesInPublishOrder() {
    List<List<Integer>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
    subscriber()
        .subscribeBatches(
            topic,
            batchOptions(),
            8,
            batch -> {
              batches.add(batch.stream().map(PubSubContractTest::seq).toList());
              batch.forEach(Delivery::ack);
            });

    publishAll(messages(40));

    await().atMost(timeout()).until(() -> batches.stream().mapToInt(List::size).sum() >= 40);
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 8));
    assertThat(batches.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(IntStream.range(0, 40).boxed().toList());
  }

  @Test
  void aNackInABatchRedeliversTheNackedMessageAloneThenTheOnesAfterIt() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    var nacked = new java.util.concurrent.atomic.AtomicBoolean();
    subscriber()
        .subscribeBatches(
            topic,
            batchOptions(),
            8,
            batch -> {
              for (Delivery delivery : batch) {
                seen.add(seq(delivery) + "#" + delivery.attempt() + "/" + batch.size());
                if (seq(delivery) == 3 && nacked.compareAndSet(false, true)) {
                  delivery.nack();
                } else {
                  delivery.ack();
                }
              }
            });

    publishAll(messages(10));

    await().atMost(timeout()).until(() -> seen.contains("3#2/1") && endsWith(seen, 9));
    var afterRedelivery = seen.subList(seen.indexOf("3#2/1") + 1, seen.size());
    assertThat(afterRedelivery)
        .extracting(entry -> Integer.parseInt(entry.substring(0, entry.indexOf('#'))))
        .containsExactly(4, 5, 6, 7, 8, 9);
    assertThat(seen.subList(0, seen.indexOf("3#1/" + sizeOfBatchHolding(seen, 3))))
        .extracting(entry -> Integer.parseInt(entry.substring(0, entry.indexOf('#'))))
        .containsExactly(0, 1, 2);
  }

  @Test
  void aBatchListenerExceptionRedeliversFromTheFirstUnsettledMessage() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    var thrown = new java.util.concurrent.atomic.AtomicBoolean();
    subscriber()
        .subscribeBatches(
            topic,
            batchOptions(),
            8,
            batch -> {
              for (Delivery delivery : batch) {
                seen.add(seq(delivery) + "#" + delivery.attempt());
                if (seq(delivery) == 2 && thrown.compareAndSet(false, true)) {
                  throw new IllegalStateException("fails on message 2");
                }
                delivery.ack();
              }
            });

    publishAll(messages(5));

    await().atMost(timeout()).until(() -> endsWith(seen, 4));
    assertThat(seen).startsWith("0#1", "1#1", "2#1", "2#2");
    assertThat(seen)
        .extracting(entry -> entry.substring(0, entry.indexOf('#')))
        .containsExactly("0", "1", "2", "2", "3", "4");
  }

  /** A group when the adapter has them (what batches are for), else a fan-out subscription. */
  private SubscribeOptions batchOptions() {
    return features().consumerGroups()
        ? SubscribeOptions.group(group())
        : SubscribeOptions.DEFAULTS;
  }

  private static int seq(Delivery delivery) {
    return Integer.parseInt(delivery.message().metadata(SEQ));
  }

  private static boolean endsWith(List<String> seen, int seq) {
    return !seen.isEmpty() && seen.getLast().startsWith(seq + "#");
  }

  private static int sizeOfBatchHolding(List<String> seen, int seq) {
    return seen.stream()
        .filter(entry -> entry.startsWith(seq + "#1/"))
        .map(entry -> Integer.parseInt(entry.substring(entry.indexOf('/') + 1)))
        .findFirst()
        .orElseThrow();
  }

  // --- fan-out and consumer groups

  @Test
  void everyFanOutSubscriptionReceivesEveryMessage() {
    List<RecordingListener> listeners =
        IntStream.range(0, 3).mapToObj(i -> RecordingListener.acking()).toList();
    listeners.forEach(listener -> subscriber().subscribe(topic, listener));
    List<Message> sent = messages(50);

    publishAll(sent);

    for (RecordingListener listener : listeners) {
      assertThat(listener.awaitCount(sent.size(), timeout()).ids())
          .containsExactlyElementsOf(ids(sent));
    }
  }

  @Test
  void groupMembersShareTheMessages() {
    // Two members holding messages at once is what an ordered group rules out; such adapters run
    // orderedGroupHasOneActiveMemberAndKeepsPublishOrder instead.
    assumeThat(features().consumerGroups() && !features().orderedGroups())
        .as("consumer groups whose members work in parallel")
        .isTrue();
    String group = group();
    var bothBusy = new CountDownLatch(2);
    List<RecordingListener> members = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var recorder = RecordingListener.acking();
      members.add(recorder);
      var firstMessage = new java.util.concurrent.atomic.AtomicBoolean(true);
      subscriber()
          .subscribe(
              topic,
              SubscribeOptions.group(group),
              delivery -> {
                if (firstMessage.getAndSet(false)) {
                  bothBusy.countDown(); // hold the first message until the other member has one
                  bothBusy.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                recorder.onMessage(delivery);
              });
    }
    List<Message> sent = messages(20);

    publishAll(sent);

    await().atMost(timeout()).until(() -> members.get(0).count() + members.get(1).count() >= 20);
    List<String> all = new ArrayList<>(members.get(0).ids());
    all.addAll(members.get(1).ids());
    assertThat(all).containsExactlyInAnyOrderElementsOf(ids(sent));
    assertThat(members).allSatisfy(member -> assertThat(member.count()).isPositive());
  }

  @Test
  void orderedGroupHasOneActiveMemberAndKeepsPublishOrder() {
    assumeThat(features().consumerGroups() && features().orderedGroups())
        .as("ordered consumer groups")
        .isTrue();
    String group = group();
    var active = RecordingListener.manual();
    Subscription first = subscriber().subscribe(topic, SubscribeOptions.group(group), active);
    publishAll(messages(3));
    active.awaitCount(1, timeout()).deliveries().getFirst().ack();
    active.awaitCount(2, timeout()); // holds message 1
    var standby = RecordingListener.acking();
    subscriber().subscribe(topic, SubscribeOptions.group(group), standby);

    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> standby.count() == 0);
    first.close();

    standby.awaitCount(2, timeout());
    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> standby.count() == 2);
    assertThat(seqs(active)).containsExactly(0, 1);
    assertThat(seqs(standby)).containsExactly(1, 2);
  }

  @Test
  void eachGroupAndEachFanOutSubscriptionReceivesEveryMessage() {
    assumeThat(features().consumerGroups()).as("consumer groups").isTrue();
    var groupA = RecordingListener.acking();
    var groupB = RecordingListener.acking();
    var fanOut = RecordingListener.acking();
    subscriber().subscribe(topic, SubscribeOptions.group(group()), groupA);
    subscriber().subscribe(topic, SubscribeOptions.group(group()), groupB);
    subscriber().subscribe(topic, fanOut);
    List<Message> sent = messages(30);

    publishAll(sent);

    for (RecordingListener listener : List.of(groupA, groupB, fanOut)) {
      assertThat(listener.awaitCount(sent.size(), timeout()).ids())
          .containsExactlyElementsOf(ids(sent));
    }
  }

  @Test
  void unackedMessageGoesToAnotherMemberWhenItsSubscriptionCloses() throws Exception {
    assumeThat(features().consumerGroups() && features().redeliversUnackedOnClose())
        .as("redelivery to another group member on close")
        .isTrue();
    String group = group();
    var holder = RecordingListener.manual();
    Subscription holding = subscriber().subscribe(topic, SubscribeOptions.group(group), holder);
    publish(message(0));
    holder.awaitCount(1, timeout());
    var other = RecordingListener.acking();
    subscriber().subscribe(topic, SubscribeOptions.group(group), other);

    holding.close();

    assertThat(other.awaitCount(1, timeout()).ids()).contains(holder.ids().getFirst());
  }

  @Test
  void durableGroupLosesNothingAcrossASubscriberRestart() {
    assumeThat(features().durable() && features().consumerGroups()).as("durability").isTrue();
    String group = group();
    var before = RecordingListener.acking();
    Subscription first = subscriber().subscribe(topic, SubscribeOptions.group(group), before);
    List<Message> early = messages(10);
    publishAll(early);
    before.awaitCount(early.size(), timeout());
    first.close();

    List<Message> late = IntStream.range(10, 20).mapToObj(PubSubContractTest::message).toList();
    publishAll(late);
    var after = RecordingListener.acking();
    newPubSub().subscriber().subscribe(topic, SubscribeOptions.group(group), after);

    await().atMost(timeout()).until(() -> after.ids().containsAll(ids(late)));
    assertThat(before.ids()).containsExactlyElementsOf(ids(early));
  }

  @Test
  void durableGroupRedeliversAnUnackedMessageAfterARestart() {
    assumeThat(features().durable() && features().consumerGroups()).as("durability").isTrue();
    String group = group();
    PubSubUnderTest before = newPubSub();
    var holder = RecordingListener.manual();
    before.subscriber().subscribe(topic, SubscribeOptions.group(group), holder);
    publishAll(messages(3));
    holder.awaitCount(1, timeout()).deliveries().getFirst().ack();
    holder.awaitCount(2, timeout()); // message 1 stays unacked

    before.close(); // a stop with a message in hand
    var after = RecordingListener.acking();
    newPubSub().subscriber().subscribe(topic, SubscribeOptions.group(group), after);

    await().atMost(timeout()).until(() -> after.ids().size() >= 2);
    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> after.count() == 2);
    assertThat(seqs(holder)).containsExactly(0, 1);
    assertThat(seqs(after)).containsExactly(1, 2);
  }

  // --- close

  @Test
  void closedSubscriptionReceivesNothingMore() {
    var closed = RecordingListener.acking();
    var open = RecordingListener.acking();
    Subscription subscription = subscriber().subscribe(topic, closed);
    subscriber().subscribe(topic, open);
    publish(message(0));
    closed.awaitCount(1, timeout());

    subscription.close();
    subscription.close(); // idempotent
    publish(message(1));

    open.awaitCount(2, timeout());
    assertThat(seqs(closed)).containsExactly(0);
    assertThat(subscription.topic()).isEqualTo(topic);
  }

  @Test
  void subscriptionCloseWaitsForTheListenerCallInProgress() throws Exception {
    var entered = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    Subscription subscription =
        subscriber()
            .subscribe(
                topic,
                delivery -> {
                  entered.countDown();
                  release.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
                  delivery.ack();
                });
    publish(message(0));
    assertThat(entered.await(timeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(subscription::close);

    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> !closing.isDone());
    release.countDown();
    assertThat(closing).succeedsWithin(timeout());
  }

  @Test
  void closingTheSubscriberClosesItsSubscriptionsAndRefusesNewOnes() {
    var listener = RecordingListener.acking();
    PubSubUnderTest own = newPubSub();
    own.subscriber().subscribe(topic, listener);
    assertThat(own.publisher().publish(topic, message(0))).succeedsWithin(timeout());
    listener.awaitCount(1, timeout());

    own.subscriber().close();
    own.subscriber().close(); // idempotent

    assertThatThrownBy(() -> own.subscriber().subscribe(topic, RecordingListener.acking()))
        .isInstanceOf(PubSubClosedException.class);
    if (own.publisher() != own.subscriber()) { // a broker adapter: its publisher is still open
      var witness = RecordingListener.acking();
      subscriber().subscribe(topic, witness);
      assertThat(own.publisher().publish(topic, message(1))).succeedsWithin(timeout());
      witness.awaitCount(1, timeout());
    }
    assertThat(seqs(listener)).containsExactly(0);
  }

  @Test
  void publishAfterCloseFailsWithPubSubClosedException() {
    PubSubUnderTest own = newPubSub();
    own.publisher().close();
    own.publisher().close(); // idempotent

    Throwable failure =
        catchThrowable(
            () ->
                own.publisher()
                    .publish(topic, message(0))
                    .get(timeout().toMillis(), TimeUnit.MILLISECONDS));

    Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(PubSubClosedException.class);
  }

  // --- helpers

  /** A new adapter instance, closed after the test. */
  protected PubSubUnderTest newPubSub() {
    PubSubUnderTest created = createPubSub();
    toClose.add(created);
    return created;
  }

  protected Publisher publisher() {
    return pubSub.publisher();
  }

  protected Subscriber subscriber() {
    return pubSub.subscriber();
  }

  protected Duration timeout() {
    return features().timeout();
  }

  protected static String group() {
    return "group-" + UUID.randomUUID();
  }

  protected static Message message(int seq) {
    return new Message(
        Message.newId(),
        Map.of(SEQ, "" + seq),
        ("message " + seq).getBytes(StandardCharsets.UTF_8));
  }

  protected static List<Message> messages(int count) {
    return IntStream.range(0, count).mapToObj(PubSubContractTest::message).toList();
  }

  protected static List<String> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }

  protected static List<Integer> seqs(RecordingListener listener) {
    return listener.deliveries().stream()
        .map(d -> Integer.parseInt(d.message().metadata(SEQ)))
        .toList();
  }

  protected void publish(Message message) {
    assertThat(publisher().publish(topic, message)).succeedsWithin(timeout());
  }

  protected void publishAll(List<Message> messages) {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (Message message : messages) {
      futures.add(publisher().publish(topic, message));
    }
    assertThat(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
        .succeedsWithin(timeout());
  }
}
