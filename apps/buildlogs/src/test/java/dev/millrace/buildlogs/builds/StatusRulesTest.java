package dev.millrace.buildlogs.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.buildlogs.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

  static Step step(int number, Status status) {
    return new Step(number, "s" + number, status, 0, false, null, null, null);
  }

  @Test
  void theBuildFollowsItsSteps() {
    var steps = List.of(step(1, Status.PENDING), step(2, Status.PENDING));
    assertThat(StatusRules.derive(steps, 1, Status.PENDING)).isEqualTo(Status.PENDING);
    assertThat(StatusRules.derive(steps, 1, Status.RUNNING)).isEqualTo(Status.RUNNING);
    assertThat(StatusRules.derive(steps, 1, Status.SUCCESS)).isEqualTo(Status.RUNNING);
    var oneDone = List.of(step(1, Status.SUCCESS), step(2, Status.RUNNING));
    assertThat(StatusRules.derive(oneDone, 2, Status.SUCCESS)).isEqualTo(Status.SUCCESS);
    var oneFailed = List.of(step(1, Status.FAILURE), step(2, Status.RUNNING));
    assertThat(StatusRules.derive(oneFailed, 2, Status.SUCCESS)).isEqualTo(Status.FAILURE);
  }

  @Test
  void finishedStepsAreFinal() {
    assertThatThrownBy(() -> StatusRules.checkTransition(step(1, Status.SUCCESS), Status.RUNNING))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("already finished");
    assertThatThrownBy(() -> StatusRules.checkTransition(step(1, Status.RUNNING), Status.PENDING))
        .isInstanceOf(ApiException.class);
    StatusRules.checkTransition(step(1, Status.PENDING), Status.SUCCESS);
  }

  @Test
  void cancelledAndSkippedSteps() {
    var skipped =
        List.of(step(1, Status.SUCCESS), step(2, Status.SKIPPED), step(3, Status.RUNNING));
    assertThat(StatusRules.derive(skipped, 3, Status.SUCCESS))
        .as("skipped steps do not fail a build")
        .isEqualTo(Status.SUCCESS);
    assertThat(StatusRules.derive(skipped, 3, Status.CANCELLED)).isEqualTo(Status.CANCELLED);
    var failedAndCancelled = List.of(step(1, Status.FAILURE), step(2, Status.RUNNING));
    assertThat(StatusRules.derive(failedAndCancelled, 2, Status.CANCELLED))
        .as("a failure outweighs a cancel")
        .isEqualTo(Status.FAILURE);
    assertThat(Status.CANCELLED.finished()).isTrue();
    assertThat(Status.SKIPPED.finished()).isTrue();
  }

  @Test
  void onlyAStepThatNeverRanIsSkipped() {
    StatusRules.checkTransition(step(1, Status.PENDING), Status.SKIPPED);
    StatusRules.checkTransition(step(1, Status.RUNNING), Status.CANCELLED);
    assertThatThrownBy(() -> StatusRules.checkTransition(step(1, Status.RUNNING), Status.SKIPPED))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("cannot be skipped");
    assertThatThrownBy(() -> StatusRules.checkTransition(step(1, Status.CANCELLED), Status.RUNNING))
        .isInstanceOf(ApiException.class);
  }
}
