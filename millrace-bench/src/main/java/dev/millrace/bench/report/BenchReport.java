package dev.millrace.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * The one JSON report of a bench command: the machine, every result (fan-out runs, idle capacity,
 * reconnect storm) and the Millrace/nchan ratios of each fan-out scenario.
 */
public record BenchReport(
    String command, String startedAt, Machine machine, List<Object> results, List<Ratios> ratios) {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public BenchReport {
    results = List.copyOf(results);
    ratios = List.copyOf(ratios);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }
}
