package dev.millrace.hub.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.millrace.core.Message;
import dev.millrace.core.PubSubClosedException;
import dev.millrace.core.PublishRejectedException;
import dev.millrace.hub.HistoryLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  private static final String TOPIC = "updates";
  private static final HistoryLimits LARGE = new HistoryLimits(1_000, Duration.ofHours(1));

  @TempDir Path directory;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Journal> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(Journal::close);
  }

  @Test
  void aPublishCompletesOnceWrittenAndEverySubscriberGetsItInOrder() throws Exception {
    Journal journal = open(LARGE, 1_000);
    var first = new CopyOnWriteArrayList<Message>();
    var second = new CopyOnWriteArrayList<Message>();
    journal.subscribeFromOldest(TOPIC, delivery -> first.add(delivery.message()));
    journal.subscribeFromOldest(TOPIC, delivery -> second.add(delivery.message()));

    publishAll(journal, 0, 200);

    assertThat(ids(first)).isEqualTo(expectedIds(0, 200));
    assertThat(ids(second)).isEqualTo(expectedIds(0, 200));
    assertThat(first.getFirst().metadata()).containsEntry("kind", "test");
    assertThat(first.getFirst().metadata(Message.PUBLISHED_AT)).isNotNull();
    assertThat(new String(first.get(7).payload(), StandardCharsets.UTF_8)).isEqualTo("payload 7");
    assertThat(fileBytes()).isPositive();
  }

  @Test
  void aReopenedJournalHandsANewSubscriberEverythingFromTheOldest() throws Exception {
    Journal journal = open(LARGE, 1_000);
    publishAll(journal, 0, 50);
    journal.close();

    Journal reopened = open(LARGE, 1_000);
    var replayed = new CopyOnWriteArrayList<Message>();
    reopened.subscribeFromOldest(TOPIC, delivery -> replayed.add(delivery.message()));
    assertThat(ids(replayed)).isEqualTo(expectedIds(0, 50));
    assertThat(replayed.get(3).metadata()).containsEntry("kind", "test");

    publishAll(reopened, 50, 60);
    assertThat(ids(replayed)).isEqualTo(expectedIds(0, 60));
  }

  @Test
  void aRecordCutShortByACrashIsCutOffAndWritingGoesOnAfterTheLastWholeOne() throws Exception {
    Journal journal = open(LARGE, 1_000);
    publishAll(journal, 0, 10);
    journal.close();
    Path segment = onlySegment();
    long whole = Files.size(segment);
    byte[] next = new JournalRecord(TOPIC, 1, message(10)).encode();
    Files.write(segment, java.util.Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);

    Journal reopened = open(LARGE, 1_000);
    assertThat(Files.size(segment)).isEqualTo(whole);
    publishAll(reopened, 10, 12);
    reopened.close();

    assertThat(ids(replay(open(LARGE, 1_000)))).isEqualTo(expectedIds(0, 12));
  }

  @Test
  void aDamagedRecordEndsWhatTheSegmentHoldsInsteadOfBeingHandedOut() throws Exception {
    Journal journal = open(LARGE, 1_000);
    publishAll(journal, 0, 10);
    journal.close();
    Path segment = onlySegment();
    byte[] bytes = Files.readAllBytes(segment);
    var layout = java.nio.ByteBuffer.wrap(bytes);
    int seventh = 0;
    for (int i = 0; i < 6; i++) {
      seventh += JournalRecord.HEADER_BYTES + layout.getInt(seventh);
    }
    bytes[seventh + JournalRecord.HEADER_BYTES + 3] ^= 0x40;
    Files.write(segment, bytes);

    assertThat(ids(replay(open(LARGE, 1_000)))).isEqualTo(expectedIds(0, 6));
  }

  @Test
  void aMessageTooLongForARecordFailsItsPublishAloneAndTheOthersAreWritten() throws Exception {
    Journal journal = open(LARGE, 1_000);
    var tooLong = new Message("i".repeat(70_000), Map.of(), new byte[0]); // an id over 64 KiB

    CompletableFuture<Void> before = journal.publish(TOPIC, message(0));
    CompletableFuture<Void> refused = journal.publish(TOPIC, tooLong);
    CompletableFuture<Void> after = journal.publish(TOPIC, message(1));

    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PublishRejectedException.class);
    before.get(10, TimeUnit.SECONDS);
    after.get(10, TimeUnit.SECONDS);
    assertThat(meters.get("millrace.hub.journal.failures").counter().count()).isEqualTo(1);
    assertThat(ids(replay(journal))).containsExactly("m-0", "m-1");
  }

  @Test
  void aBodyLargerThanReadersAcceptIsRefusedRatherThanLostWithTheRecordsAfterIt() throws Exception {
    Journal journal = open(LARGE, 1_000);
    var tooLarge = new Message("big", Map.of(), new byte[JournalRecord.MAX_BODY_BYTES]);

    journal.publish(TOPIC, message(0)).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> journal.publish(TOPIC, tooLarge).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PublishRejectedException.class);
    publishAll(journal, 1, 3);
    journal.close();

    assertThat(ids(replay(open(LARGE, 1_000)))).isEqualTo(expectedIds(0, 3));
  }

  @Test
  void oldSegmentsGoOnceTheNewerOnesHoldTheHistorysCount() throws Exception {
    Journal journal = open(new HistoryLimits(25, Duration.ofHours(1)), 10);
    publishAll(journal, 0, 100);

    assertThat(journal.retained()).isBetween(25, 35);
    assertThat(segmentFiles()).hasSize(journal.segmentCount()).hasSizeLessThanOrEqualTo(4);
    List<String> kept = ids(replay(journal));
    assertThat(kept)
        .hasSize(journal.retained())
        .endsWith(expectedIds(75, 100).toArray(String[]::new));
    journal.close();

    List<String> afterRestart = ids(replay(open(new HistoryLimits(25, Duration.ofHours(1)), 10)));
    assertThat(afterRestart).isEqualTo(kept);
  }

  @Test
  void segmentsWhoseRecordsAreAllPastTheAgeAreDeleted() throws Exception {
    Journal journal = open(new HistoryLimits(1_000, Duration.ofMillis(300)), 5);
    publishAll(journal, 0, 12); // segments of 5, 5 and 2
    assertThat(segmentFiles()).hasSize(3);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(segmentFiles()).hasSize(1));
    assertThat(ids(replay(journal))).isEqualTo(expectedIds(10, 12));
  }

  @Test
  void anAgeBeyondWhatNanosecondsHoldKeepsEverythingByAge() throws Exception {
    Journal journal = open(new HistoryLimits(1_000, Duration.ofDays(1_000_000)), 5);

    for (int i = 0; i < 12; i++) {
      journal.publish(TOPIC, message(i)).get(10, TimeUnit.SECONDS);
    }

    assertThat(ids(replay(journal))).isEqualTo(expectedIds(0, 12));
    assertThat(segmentFiles()).hasSize(3);
  }

  @Test
  void subscribersOfOneTopicGetNothingOfAnother() throws Exception {
    Journal journal = open(LARGE, 1_000);
    var other = new CopyOnWriteArrayList<Message>();
    journal.subscribeFromOldest("other", delivery -> other.add(delivery.message()));
    publishAll(journal, 0, 5);
    journal.publish("other", message(99)).get();

    assertThat(ids(other)).containsExactly("m-99");
    assertThat(ids(replay(journal))).isEqualTo(expectedIds(0, 5));
  }

  @Test
  void aFailingListenerIsCountedAndNeitherItNorTheOthersMissTheNextMessages() throws Exception {
    Journal journal = open(LARGE, 1_000);
    var failing = new CopyOnWriteArrayList<Message>();
    var healthy = new CopyOnWriteArrayList<Message>();
    journal.subscribeFromOldest(
        TOPIC,
        delivery -> {
          failing.add(delivery.message());
          if (delivery.message().id().equals("m-2")) {
            throw new IllegalStateException("cannot handle this one");
          }
        });
    journal.subscribeFromOldest(TOPIC, delivery -> healthy.add(delivery.message()));

    publishAll(journal, 0, 5);

    assertThat(ids(failing)).isEqualTo(expectedIds(0, 5));
    assertThat(ids(healthy)).isEqualTo(expectedIds(0, 5));
    assertThat(meters.get("millrace.hub.journal.listener.errors").counter().count()).isEqualTo(1);
  }

  @Test
  void aClosedSubscriptionGetsNoMore() throws Exception {
    Journal journal = open(LARGE, 1_000);
    var received = new CopyOnWriteArrayList<Message>();
    var subscription = journal.subscribeFromOldest(TOPIC, d -> received.add(d.message()));
    publishAll(journal, 0, 3);
    subscription.close();
    publishAll(journal, 3, 6);

    assertThat(ids(received)).isEqualTo(expectedIds(0, 3));
  }

  @Test
  void closingWritesWhatWasPublishedBeforeAndRefusesWhatComesAfter() throws Exception {
    Journal journal = open(LARGE, 1_000);
    List<CompletableFuture<Void>> pending =
        IntStream.range(0, 500).mapToObj(i -> journal.publish(TOPIC, message(i))).toList();
    journal.close();

    for (CompletableFuture<Void> publish : pending) {
      assertThat(publish).isCompleted();
      publish.get(); // none failed
    }
    assertThatThrownBy(() -> journal.publish(TOPIC, message(500)).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PubSubClosedException.class);
    assertThat(ids(replay(open(LARGE, 1_000)))).isEqualTo(expectedIds(0, 500));
  }

  private Journal open(HistoryLimits limits, int segmentRecords) throws IOException {
    var journal = new Journal(directory, limits, segmentRecords, meters);
    opened.add(journal);
    return journal;
  }

  private static void publishAll(Journal journal, int from, int to) throws Exception {
    List<CompletableFuture<Void>> publishes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      publishes.add(journal.publish(TOPIC, message(i)));
    }
    CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).get();
  }

  private static Message message(int i) {
    return new Message("m-" + i, Map.of("kind", "test"), ("payload " + i).getBytes());
  }

  private static List<Message> replay(Journal journal) {
    var replayed = new ArrayList<Message>();
    journal.subscribeFromOldest(TOPIC, delivery -> replayed.add(delivery.message())).close();
    return replayed;
  }

  private static List<String> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }

  private static List<String> expectedIds(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "m-" + i).toList();
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".journal")).toList();
    }
  }

  private Path onlySegment() throws IOException {
    assertThat(segmentFiles()).hasSize(1);
    return segmentFiles().getFirst();
  }

  private long fileBytes() throws IOException {
    long total = 0;
    for (Path file : segmentFiles()) {
      total += Files.size(file);
    }
    return total;
  }
}
