package dev.millrace.buildlogs.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.buildlogs.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

  static Step step(int number, Status status) {
    return new Step(number, "s" + number, status, 0, false, null, null);
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
}
