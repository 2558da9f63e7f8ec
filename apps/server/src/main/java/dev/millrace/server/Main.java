package dev.millrace.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point: every flag also reads a {@code MILLRACE_*} environment variable. */
@Command(
    name = "millrace-server",
    mixinStandardHelpOptions = true,
    description = "Serves the Millrace feeds and build-log apps over HTTP and Server-Sent Events.")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "${env:MILLRACE_HOST:-" + ServerConfig.DEFAULT_HOST + "}",
      description = "Address to listen on (env MILLRACE_HOST, default ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--port",
      defaultValue = "${env:MILLRACE_PORT:-" + ServerConfig.DEFAULT_PORT + "}",
      description = "HTTP port (env MILLRACE_PORT, default ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:MILLRACE_DATA_DIR:-data}",
      description =
          "Folder of the embedded databases (env MILLRACE_DATA_DIR, default ${DEFAULT-VALUE}).")
  private Path dataDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  ServerConfig config() {
    return new ServerConfig(host, port, dataDir);
  }

  @Override
  public Integer call() throws Exception {
    var server = MillraceServer.start(config());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "millrace-shutdown"));
    System.out.println("Millrace is ready at http://localhost:" + server.port() + "/");
    stopped.await();
    return 0;
  }
}
