package dev.millrace.bench.scenario;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Progress lines on standard error, so that standard output holds only the report. */
public final class Progress {

  private Progress() {}

  public static void log(String format, Object... args) {
    System.err.println(
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + " "
            + String.format(Locale.ROOT, format, args));
  }
}
