package dev.millrace.buildlogs.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces the secrets of a build by {@code ***}. A secret spanning several lines is masked line by
 * line. Longer secrets are replaced first, so a secret containing another is masked whole.
 * Immutable and thread-safe.
 */
public final class SecretMasker {

  public static final String MASK = "***";

  /** Secrets shorter than this would mask ordinary text; they are refused at registration. */
  public static final int MIN_SECRET_LENGTH = 4;

  public static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<String> secrets;

  public SecretMasker(List<String> secrets) {
    var parts = new ArrayList<String>();
    for (var secret : secrets) {
      for (var part : secret.split("\\R")) {
        if (part.length() >= MIN_SECRET_LENGTH) {
          parts.add(part);
        }
      }
    }
    parts.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(parts);
  }

  public String mask(String text) {
    var result = text;
    for (var secret : secrets) {
      if (result.contains(secret)) {
        result = result.replace(secret, MASK);
      }
    }
    return result;
  }
}
