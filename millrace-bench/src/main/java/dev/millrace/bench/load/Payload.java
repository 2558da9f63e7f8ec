package dev.millrace.bench.load;

import java.time.Instant;

/**
 * The data of every published event: its topic, its sequence number within the topic and the wall
 * clock time it was sent, in microseconds since the epoch ({@code t:3 s:42 p:1732712345678901}),
 * padded with {@code .} to a fixed size. Wall-clock time lets several load-generator processes on
 * one machine share the same time base.
 *
 * @param topic index of the topic
 * @param seq sequence number within the topic, from 1
 * @param sentMicros wall-clock send time in microseconds since the epoch
 */
public record Payload(int topic, long seq, long sentMicros) {

  /** Wall-clock microseconds since the epoch (microsecond resolution on Linux). */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Encodes this payload, padded to at least {@code size} characters. */
  public String encode(int size) {
    var text = new StringBuilder(Math.max(size, 48));
    text.append("t:").append(topic).append(" s:").append(seq).append(" p:").append(sentMicros);
    while (text.length() < size) {
      text.append('.');
    }
    return text.toString();
  }

  /** Decodes a payload produced by {@link #encode}. */
  public static Payload decode(String data) {
    int s = data.indexOf(" s:");
    int p = data.indexOf(" p:", s);
    if (!data.startsWith("t:") || s < 0 || p < 0) {
      throw new IllegalArgumentException("not a benchmark payload: " + abbreviate(data));
    }
    int end = p + 3;
    while (end < data.length() && Character.isDigit(data.charAt(end))) {
      end++;
    }
    return new Payload(
        Integer.parseInt(data, 2, s, 10),
        Long.parseLong(data, s + 3, p, 10),
        Long.parseLong(data, p + 3, end, 10));
  }

  private static String abbreviate(String data) {
    return data.length() <= 60 ? data : data.substring(0, 60) + "...";
  }
}
