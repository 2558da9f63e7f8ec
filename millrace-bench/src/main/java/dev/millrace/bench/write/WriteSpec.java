package dev.millrace.bench.write;

import java.time.Duration;
import java.util.List;

/**
 * The write scenario: {@code writers} connections create posts through the API at each rate of
 * {@code rates} in turn (0: as fast as the server accepts them), each for {@code step}, while
 * {@code listClients} watch the feed list and {@code feedClients} watch the bench's feed.
 */
public record WriteSpec(
    int listClients, int feedClients, int writers, List<Double> rates, Duration step) {

  /** Rates that bracket what a 2-core machine sustains, then as fast as accepted. */
  public static List<Double> standardRates() {
    return List.of(250.0, 500.0, 1000.0, 2000.0, 3000.0, 0.0);
  }
}
