package dev.millrace.server;

import java.nio.file.Path;

/** The poison-message guarantee on the embedded default: the durable SQL pub/sub in H2. */
class EmbeddedPoisonMessageTest extends PoisonMessageContract {

  @Override
  protected ServerConfig config(Path dataDir) {
    return ServerConfig.embedded("127.0.0.1", 0, dataDir);
  }
}
