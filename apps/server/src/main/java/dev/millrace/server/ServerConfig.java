package dev.millrace.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the server reads at start, from flags and environment variables (see {@link Main}).
 *
 * @param host address to listen on
 * @param port HTTP port; 0 picks a free one
 * @param dataDir folder of the embedded databases
 */
public record ServerConfig(String host, int port, Path dataDir) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA_DIR);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir);
  }

  public ServerConfig withDataDir(Path newDataDir) {
    return new ServerConfig(host, port, newDataDir);
  }
}
