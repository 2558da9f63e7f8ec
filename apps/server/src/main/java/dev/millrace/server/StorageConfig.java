package dev.millrace.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the data lives.
 *
 * @param dataDir folder of the embedded databases
 * @param dbUrl JDBC URL of the write model, or {@code null} for embedded H2 in the data dir
 * @param dbUser user of the write model database
 * @param dbPassword password of the write model database
 * @param readModelUrl {@code embedded} (H2 in the data dir), a {@code jdbc:} URL of a shared SQL
 *     read model (same user and password as the write model unless the URL carries its own), or a
 *     {@code mongodb://} URL
 */
public record StorageConfig(
    Path dataDir, String dbUrl, String dbUser, String dbPassword, String readModelUrl) {

  public static final Path DEFAULT_DATA_DIR = Path.of("data");
  public static final String EMBEDDED = "embedded";

  public StorageConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    dbUrl = blankToNull(dbUrl);
    readModelUrl = blankToNull(readModelUrl) == null ? EMBEDDED : readModelUrl.trim();
    if (dbUrl != null && !dbUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("the database URL must start with jdbc:, was " + dbUrl);
    }
    if (!readModelUrl.equals(EMBEDDED)
        && !readModelUrl.startsWith("jdbc:")
        && !readModelUrl.startsWith("mongodb://")
        && !readModelUrl.startsWith("mongodb+srv://")) {
      throw new IllegalArgumentException(
          "the read model URL must be 'embedded', a jdbc: URL or a mongodb:// URL, was "
              + readModelUrl);
    }
  }

  public static StorageConfig embedded(Path dataDir) {
    return new StorageConfig(dataDir, null, null, null, EMBEDDED);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
