package dev.millrace.bench.app;

import java.util.Map;
import java.util.TreeMap;

/** Counter values read from a Prometheus text exposition ({@code GET /metrics}). */
public record PromMetrics(Map<String, Double> values) {

  public PromMetrics {
    values = Map.copyOf(values);
  }

  /** Parses {@code name{labels} value} lines; comments are skipped. */
  public static PromMetrics parse(String text) {
    Map<String, Double> values = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      try {
        values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      } catch (RuntimeException malformed) {
        // Not a sample line: skip it.
      }
    }
    return new PromMetrics(values);
  }

  /** Whether the exposition has exactly {@code series} (name and labels as printed). */
  public boolean has(String series) {
    return values.containsKey(series);
  }

  /** The sum of every series of the metric {@code name}, whatever its labels. */
  public double sum(String name) {
    return values.entrySet().stream()
        .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The value of exactly {@code series} (name and labels as printed), or 0. */
  public double get(String series) {
    return values.getOrDefault(series, 0.0);
  }
}
