package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A build of a repository with its steps, as stored.
 *
 * @param version incremented on every status change; the id of the build's status events
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Build(
    @JsonIgnore long id,
    String org,
    String repo,
    int number,
    Status status,
    int version,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    List<Step> steps) {

  public Build {
    steps = List.copyOf(steps);
  }

  /** The key of this build's status stream. */
  public String key() {
    return org + "/" + repo + "#" + number;
  }
}
