package dev.millrace.server;

import dev.millrace.hub.HubOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server reads at start, from flags and environment variables (see {@link Main}).
 *
 * @param host address to listen on
 * @param port HTTP port; 0 picks a free one
 * @param publicUrl the absolute URL clients reach the server at, such as {@code
 *     https://feeds.example.com} (a trailing slash is dropped): the feeds' hub topics and {@code
 *     Link} headers name resources under it, so every node of a cluster needs the same one; {@code
 *     null}: {@link #publicUrl(int) this node's own address}
 * @param storage the write model and read model databases
 * @param messaging the pub/sub and this node's id
 * @param access shared secrets
 * @param hub the Mercure hub's keys, CORS origins and history (see {@link HubOptions})
 * @param mockRunner whether the build-log demo runs mock builds
 * @param stepLogCapBytes the most log bytes stored per build step
 * @param stepTimeout how long a running build step may go without word from its runner before it
 *     fails as timed out
 * @param transport the socket transport: {@code auto} (the default: io_uring where available, else
 *     epoll, else NIO), {@code epoll}, {@code io_uring} or {@code nio} (see {@link
 *     dev.millrace.sse.SseServerOptions#transport})
 */
public record ServerConfig(
    String host,
    int port,
    String publicUrl,
    StorageConfig storage,
    MessagingConfig messaging,
    AccessConfig access,
    HubOptions hub,
    boolean mockRunner,
    long stepLogCapBytes,
    Duration stepTimeout,
    String transport) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_STEP_LOG_CAP_BYTES = 16L * 1024 * 1024;
  public static final String DEFAULT_TRANSPORT = "auto";
  public static final Duration DEFAULT_STEP_TIMEOUT =
      dev.millrace.buildlogs.lifecycle.StepTimeouts.DEFAULT_TIMEOUT;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    publicUrl = normalizedPublicUrl(publicUrl);
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(messaging, "messaging");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(stepTimeout, "stepTimeout");
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("the step timeout must be positive, was " + stepTimeout);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (stepLogCapBytes < 1024) {
      throw new IllegalArgumentException("the step log cap must be at least 1024 bytes");
    }
    if (messaging.natsUrl() != null && access.signingKey() == null) {
      throw new IllegalArgumentException(
          "with --nats-url (several nodes) set --signing-key (MILLRACE_SIGNING_KEY) to the same"
              + " key on every node, so a viewer signed in on one node is on all"
              + " (generate one with: openssl rand -hex 32)");
    }
  }

  /** The embedded default: H2 in the data dir, in-process pub/sub, demo on, no tokens. */
  public static ServerConfig embedded(String host, int port, Path dataDir) {
    return new ServerConfig(
        host,
        port,
        null,
        StorageConfig.embedded(dataDir),
        MessagingConfig.inProcess(),
        AccessConfig.none(),
        HubOptions.DEFAULTS,
        true,
        DEFAULT_STEP_LOG_CAP_BYTES,
        DEFAULT_STEP_TIMEOUT,
        DEFAULT_TRANSPORT);
  }

  public Path dataDir() {
    return storage.dataDir();
  }

  /**
   * The configured public URL, else {@code http://localhost:<listeningPort>}, or {@code
   * http://<host>:<listeningPort>} when the server listens on one address only.
   */
  public String publicUrl(int listeningPort) {
    if (publicUrl != null) {
      return publicUrl;
    }
    var everyAddress = host.isBlank() || host.equals("0.0.0.0") || host.equals("::");
    var name = everyAddress ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + name + ":" + listeningPort;
  }

  public ServerConfig withAccess(AccessConfig newAccess) {
    return new ServerConfig(
        host,
        port,
        publicUrl,
        storage,
        messaging,
        newAccess,
        hub,
        mockRunner,
        stepLogCapBytes,
        stepTimeout,
        transport);
  }

  public ServerConfig withMockRunner(boolean enabled) {
    return new ServerConfig(
        host,
        port,
        publicUrl,
        storage,
        messaging,
        access,
        hub,
        enabled,
        stepLogCapBytes,
        stepTimeout,
        transport);
  }

  public ServerConfig withPublicUrl(String newPublicUrl) {
    return new ServerConfig(
        host,
        port,
        newPublicUrl,
        storage,
        messaging,
        access,
        hub,
        mockRunner,
        stepLogCapBytes,
        stepTimeout,
        transport);
  }

  public ServerConfig withHub(HubOptions newHub) {
    return new ServerConfig(
        host,
        port,
        publicUrl,
        storage,
        messaging,
        access,
        newHub,
        mockRunner,
        stepLogCapBytes,
        stepTimeout,
        transport);
  }

  private static String normalizedPublicUrl(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      uri = null;
    }
    var scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme();
    if (!(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the public URL (--public-url, MILLRACE_PUBLIC_URL) must be an absolute http or https URL"
              + " without query or fragment, such as https://feeds.example.com, not '"
              + value
              + "'");
    }
    return value.strip().replaceAll("/+$", "");
  }
}
