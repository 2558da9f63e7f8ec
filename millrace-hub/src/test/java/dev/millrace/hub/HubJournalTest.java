package dev.millrace.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.core.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubJournalTest {

  private static final HistoryLimits LIMITS = new HistoryLimits(2_048, Duration.ofHours(1));
  private static final int UPDATES = LIMITS.maxCount() + 100;

  @TempDir Path directory;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void theMarkersNodesPublishLeaveTheHistorysCountOfUpdatesAfterARestart() throws Exception {
    try (var journal = HubJournal.open(directory, LIMITS, meters)) {
      var publishes = new ArrayList<CompletableFuture<Void>>();
      for (int i = 0; i < UPDATES; i++) {
        publishes.add(publish(journal, "update-" + i, "update"));
      }
      for (int i = 0; i < 1_000; i++) { // a node's start, or a resume from an unknown id
        publishes.add(publish(journal, "marker-" + i, "marker"));
      }
      CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).get();
    }

    try (var reopened = HubJournal.open(directory, LIMITS, meters)) {
      List<String> newest =
          IntStream.range(UPDATES - LIMITS.maxCount(), UPDATES)
              .mapToObj(i -> "update-" + i)
              .toList();
      assertThat(updatesIn(reopened)).endsWith(newest.toArray(String[]::new));
    }
  }

  private static CompletableFuture<Void> publish(HubJournal journal, String id, String kind) {
    return journal.publish(
        HubBus.DEFAULT_TOPIC, new Message(id, Map.of("mercure_kind", kind), new byte[0]));
  }

  private static List<String> updatesIn(HubJournal journal) {
    var ids = new CopyOnWriteArrayList<String>();
    journal
        .bus()
        .history()
        .subscribe(
            HubBus.DEFAULT_TOPIC,
            delivery -> {
              if (delivery.message().id().startsWith("update-")) {
                ids.add(delivery.message().id());
              }
            })
        .close();
    return ids;
  }
}
