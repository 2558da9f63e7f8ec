package dev.millrace.bench.server;

import dev.millrace.bench.load.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx with the nchan module on a private prefix (its own config, logs, temp folders and pid) and
 * a loopback port: {@code GET /sub/<topic>} is an EventSource subscriber, {@code POST /pub/<topic>}
 * publishes, and each channel buffers its last messages for resume.
 */
public final class NchanTarget implements Target {

  public static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
  private static final String NGINX = "/usr/sbin/nginx";

  private final ServerProcess process;
  private final Endpoint endpoint;
  private final int workers;

  private NchanTarget(ServerProcess process, Endpoint endpoint, int workers) {
    this.process = process;
    this.endpoint = endpoint;
    this.workers = workers;
  }

  /** Whether nginx and the nchan module are installed. */
  public static boolean available() {
    return Files.isExecutable(Path.of(NGINX)) && Files.isRegularFile(MODULE);
  }

  /** Starts nginx with {@code workers} worker processes under {@code prefix}. */
  public static NchanTarget start(Path prefix, int port, int workers) {
    if (!available()) {
      throw new TargetFailedException(
          "nginx+nchan is not installed: apt-get install nginx libnginx-mod-nchan", null);
    }
    var address = new InetSocketAddress("127.0.0.1", port);
    try {
      Files.createDirectories(prefix.resolve("logs"));
      Files.writeString(prefix.resolve("nginx.conf"), config(prefix, port, workers));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the nginx config under " + prefix, e);
    }
    var process =
        ServerProcess.start(
            List.of(
                NGINX,
                "-p",
                prefix.toString(),
                "-c",
                prefix.resolve("nginx.conf").toString(),
                "-e",
                prefix.resolve("logs/error.log").toString()),
            Map.of(),
            prefix.resolve("logs/stdout.log"));
    process.awaitPort(address, Duration.ofSeconds(15));
    return new NchanTarget(process, new Endpoint(address, "/sub/%s", "/pub/%s", Map.of()), workers);
  }

  static String config(Path prefix, int port, int workers) {
    return """
        load_module %1$s;
        daemon off;
        master_process on;
        worker_processes %3$d;
        worker_rlimit_nofile 20000;
        pid %2$s/nginx.pid;
        error_log %2$s/logs/error.log warn;
        events {
          worker_connections 20000;
          multi_accept on;
        }
        http {
          access_log off;
          keepalive_requests 100000000;
          keepalive_timeout 1h;
          client_body_temp_path %2$s/client_body;
          proxy_temp_path %2$s/proxy;
          fastcgi_temp_path %2$s/fastcgi;
          uwsgi_temp_path %2$s/uwsgi;
          scgi_temp_path %2$s/scgi;
          server {
            listen 127.0.0.1:%4$d backlog=4096;
            location ~ ^/sub/(.+)$ {
              nchan_subscriber eventsource;
              nchan_channel_id $1;
            }
            location ~ ^/pub/(.+)$ {
              nchan_publisher;
              nchan_channel_id $1;
              nchan_message_buffer_length 1000;
              nchan_message_timeout 10m;
            }
          }
        }
        """
        .formatted(MODULE, prefix, workers, port);
  }

  @Override
  public String name() {
    return "nchan";
  }

  @Override
  public String settings() {
    return "nginx " + workers + " worker process(es), nchan eventsource, buffer 1000 messages";
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.stop();
  }
}
