package dev.millrace.nats.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/** Maps topics to NATS subjects and consumer groups to durable consumer names. */
public final class Subjects {

  private static final Pattern TOPIC = Pattern.compile("[^\\s.*>]+(\\.[^\\s.*>]+)*");
  private static final Pattern UNSAFE_NAME_CHARS = Pattern.compile("[^A-Za-z0-9_-]");
  private static final int MAX_NAME_PART = 48;

  private final String prefix;

  public Subjects(String prefix) {
    this.prefix = prefix;
  }

  /** Every subject of this prefix, the stream's subject filter. */
  public String all() {
    return prefix + ".>";
  }

  /**
   * The subject of a topic: {@code <prefix>.<topic>}.
   *
   * @throws IllegalArgumentException when the topic is not a valid subject suffix (empty, with
   *     whitespace, wildcards or empty tokens)
   */
  public String subject(String topic) {
    if (topic == null || !TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException(
          "topic must be dot-separated tokens without whitespace, '*' or '>': " + topic);
    }
    return prefix + "." + topic;
  }

  /**
   * The durable consumer name shared by every member of {@code group} on {@code topic}: readable
   * parts plus a checksum of the exact pair, so names that sanitise alike never collide.
   */
  public static String durableName(String group, String topic) {
    var crc = new CRC32C();
    crc.update((group + '\0' + topic).getBytes(StandardCharsets.UTF_8));
    var checksum = HexFormat.of().toHexDigits((int) crc.getValue());
    return safe(group) + "__" + safe(topic) + "__" + checksum;
  }

  private static String safe(String part) {
    var cleaned = UNSAFE_NAME_CHARS.matcher(part).replaceAll("_");
    return cleaned.length() <= MAX_NAME_PART ? cleaned : cleaned.substring(0, MAX_NAME_PART);
  }
}
