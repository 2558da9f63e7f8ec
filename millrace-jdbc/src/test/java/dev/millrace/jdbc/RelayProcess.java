package dev.millrace.jdbc;

import dev.millrace.core.Message;
import dev.millrace.core.Publisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A relay alone in its own JVM, publishing to a file (one {@code topic id} line per publish), so
 * that a test can kill it with SIGKILL mid-run and start another one on the same database.
 *
 * <p>Arguments: JDBC URL, user, outbox table, output file.
 */
public final class RelayProcess {

  private RelayProcess() {}

  public static void main(String[] args) throws Exception {
    try (var dataSource = Databases.pool(args[0], args[1], 2);
        var publisher = new FilePublisher(Path.of(args[3]))) {
      var options =
          OutboxOptions.defaults()
              .withTable(args[2])
              .withBatchSize(10)
              .withPollInterval(Duration.ofMillis(20));
      JdbcOutbox.create(dataSource, options).startRelay(publisher);
      Thread.sleep(Long.MAX_VALUE); // until killed
    }
  }

  /** Appends each message as a line; slow on purpose, so a kill lands inside a batch. */
  static final class FilePublisher implements Publisher {

    private final FileChannel file;

    FilePublisher(Path path) throws IOException {
      this.file =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, Message message) {
      try {
        Thread.sleep(2);
        file.write(
            ByteBuffer.wrap((topic + " " + message.id() + "\n").getBytes(StandardCharsets.UTF_8)));
        return CompletableFuture.completedFuture(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void close() {
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
