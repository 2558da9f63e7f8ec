package dev.millrace.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.hub.HistoryLimits;
import dev.millrace.hub.Update;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static final long NOW = 1_000_000_000_000L;

  private final History history = new History(new HistoryLimits(3, Duration.ofMinutes(1)));

  @Test
  void resumesAfterAKeptIdWithTheVisibleUpdatesOnly() {
    append("a", "urn:x");
    append("b", "urn:y");
    append("c", "urn:x");
    var resume = history.resume("a", stored -> stored.update().topics().contains("urn:x"));
    assertThat(resume.missed()).extracting(s -> s.update().id()).containsExactly("c");
    assertThat(resume.lastEventId()).isEqualTo("a");
    assertThat(resume.after()).isEqualTo(3);
  }

  @Test
  void noIdResumesNothingAndNamesTheNewest() {
    assertThat(history.resume(null, s -> true).lastEventId()).isEqualTo("earliest");
    append("a", "urn:x");
    var resume = history.resume(null, s -> true);
    assertThat(resume.missed()).isEmpty();
    assertThat(resume.lastEventId()).isEqualTo("a");
  }

  @Test
  void earliestAndUnknownIdsGetEverythingKeptAndTheEarliestHeader() {
    append("a", "urn:x");
    append("b", "urn:x");
    for (String id : List.of("earliest", "unknown")) {
      var resume = history.resume(id, s -> true);
      assertThat(resume.missed()).extracting(s -> s.update().id()).containsExactly("a", "b");
      assertThat(resume.lastEventId()).isEqualTo("earliest");
    }
  }

  @Test
  void keepsAtMostTheCountAndForgetsTheOldest() {
    for (String id : List.of("a", "b", "c", "d")) {
      append(id, "urn:x");
    }
    assertThat(history.size()).isEqualTo(3);
    assertThat(history.contains("a")).isFalse();
    assertThat(history.resume("a", s -> true).lastEventId()).isEqualTo("earliest");
    assertThat(history.resume("b", s -> true).missed()).hasSize(2);
  }

  @Test
  void forgetsWhatIsOlderThanTheAge() {
    history.append(Update.of("urn:x", "old"), NOW - Duration.ofMinutes(2).toNanos() / 1000, NOW);
    append("fresh", "urn:x");
    assertThat(history.size()).isEqualTo(1);
    history.trim(NOW + Duration.ofMinutes(5).toNanos() / 1000);
    assertThat(history.size()).isZero();
    assertThat(history.newestId()).isEqualTo("earliest");
  }

  @Test
  void anAgeBeyondWhatNanosecondsHoldKeepsEverythingByAge() {
    var forever = new History(new HistoryLimits(3, Duration.ofDays(1_000_000)));
    forever.append(Update.of("urn:x", "old"), 0, NOW);
    forever.trim(NOW);
    assertThat(forever.size()).isEqualTo(1);
  }

  @Test
  void aDuplicateIdIsNotAppendedTwice() {
    assertThat(append("a", "urn:x")).isNotNull();
    assertThat(append("a", "urn:x")).isNull();
    assertThat(history.sequence()).isEqualTo(1);
  }

  private StoredUpdate append(String id, String topic) {
    return history.append(new Update(List.of(topic), id, false, id, null, null), NOW, NOW);
  }
}
