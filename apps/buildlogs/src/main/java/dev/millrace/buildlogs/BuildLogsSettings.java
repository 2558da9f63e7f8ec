package dev.millrace.buildlogs;

import dev.millrace.buildlogs.auth.SigningKey;
import dev.millrace.buildlogs.auth.TokenStrength;
import dev.millrace.buildlogs.lifecycle.StepTimeouts;
import dev.millrace.core.Publisher;
import dev.millrace.core.Subscriber;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Everything the build-log app needs from its host. Immutable.
 *
 * @param vertx the host's Vert.x (the app runs its blocking work on its worker pool)
 * @param meterRegistry where the app's metrics go
 * @param publisher where the app announces new lines and status changes
 * @param subscriber where the app's streams hear them (one fan-out subscription per node)
 * @param dataSource the write model (H2 or MariaDB/MySQL); migrated on start; the host owns it
 * @param runnerToken bearer token of runners ({@code MILLRACE_RUNNER_TOKEN}); required
 * @param viewerToken token that unlocks private repositories ({@code MILLRACE_VIEWER_TOKEN}), or
 *     {@code null} to disable viewer sign-in
 * @param stepLogCapBytes most bytes stored per step; later lines are refused with a marker
 * @param mockRunner whether mock builds run from the start (the embedded demo)
 * @param nodeId name of this node in logs and event metadata
 * @param signingKey signs session cookies and stream tokens; every node of a deployment needs the
 *     same one (the host keeps it, see {@link SigningKey#loadOrCreate})
 * @param trustProxy whether the last {@code X-Forwarded-For} address (the one a trusted reverse
 *     proxy added) names the client for rate limits; otherwise the remote address does
 * @param stepTimeout how long a running step may go without word from its runner (no status change,
 *     no lines) before it fails as timed out; null for {@link StepTimeouts#DEFAULT_TIMEOUT}
 */
public record BuildLogsSettings(
    Vertx vertx,
    MeterRegistry meterRegistry,
    Publisher publisher,
    Subscriber subscriber,
    DataSource dataSource,
    String runnerToken,
    String viewerToken,
    long stepLogCapBytes,
    boolean mockRunner,
    String nodeId,
    SigningKey signingKey,
    boolean trustProxy,
    Duration stepTimeout) {

  public static final long DEFAULT_STEP_LOG_CAP_BYTES = 16L * 1024 * 1024;
  public static final String DEFAULT_NODE_ID = "node-1";

  /** Runner and viewer tokens shorter than this are refused (see {@link TokenStrength}). */
  public static final int MIN_TOKEN_LENGTH = TokenStrength.MIN_LENGTH;

  public BuildLogsSettings {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(signingKey, "signingKey");
    TokenStrength.check("the runner token", runnerToken);
    if (viewerToken != null && viewerToken.isBlank()) {
      viewerToken = null;
    }
    if (viewerToken != null) {
      TokenStrength.check("the viewer token", viewerToken);
    }
    if (viewerToken != null && viewerToken.equals(runnerToken)) {
      throw new IllegalArgumentException("the viewer token must differ from the runner token");
    }
    if (stepLogCapBytes < 1024) {
      throw new IllegalArgumentException("stepLogCapBytes must be at least 1024");
    }
    if (nodeId == null || nodeId.isBlank()) {
      nodeId = DEFAULT_NODE_ID;
    }
    if (stepTimeout == null) {
      stepTimeout = StepTimeouts.DEFAULT_TIMEOUT;
    }
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("stepTimeout must be positive, was " + stepTimeout);
    }
  }

  /** Settings with the default step timeout. */
  public BuildLogsSettings(
      Vertx vertx,
      MeterRegistry meterRegistry,
      Publisher publisher,
      Subscriber subscriber,
      DataSource dataSource,
      String runnerToken,
      String viewerToken,
      long stepLogCapBytes,
      boolean mockRunner,
      String nodeId,
      SigningKey signingKey,
      boolean trustProxy) {
    this(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        mockRunner,
        nodeId,
        signingKey,
        trustProxy,
        null);
  }

  /** Settings with a random signing key (valid until this process stops) and no trusted proxy. */
  public BuildLogsSettings(
      Vertx vertx,
      MeterRegistry meterRegistry,
      Publisher publisher,
      Subscriber subscriber,
      DataSource dataSource,
      String runnerToken,
      String viewerToken,
      long stepLogCapBytes,
      boolean mockRunner,
      String nodeId) {
    this(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        mockRunner,
        nodeId,
        SigningKey.random(),
        false);
  }

  /**
   * Settings with the default cap, no mock runner, the default node id and a random signing key:
   * set a shared one with {@link #withSigningKey} when several nodes serve the same users.
   */
  public static BuildLogsSettings create(
      Vertx vertx,
      MeterRegistry meterRegistry,
      Publisher publisher,
      Subscriber subscriber,
      DataSource dataSource,
      String runnerToken,
      String viewerToken) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        DEFAULT_STEP_LOG_CAP_BYTES,
        false,
        DEFAULT_NODE_ID);
  }

  public BuildLogsSettings withStepLogCapBytes(long value) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        value,
        mockRunner,
        nodeId,
        signingKey,
        trustProxy,
        stepTimeout);
  }

  public BuildLogsSettings withMockRunner(boolean value) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        value,
        nodeId,
        signingKey,
        trustProxy,
        stepTimeout);
  }

  public BuildLogsSettings withNodeId(String value) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        mockRunner,
        value,
        signingKey,
        trustProxy,
        stepTimeout);
  }

  public BuildLogsSettings withSigningKey(SigningKey value) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        mockRunner,
        nodeId,
        value,
        trustProxy,
        stepTimeout);
  }

  public BuildLogsSettings withTrustProxy(boolean value) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        mockRunner,
        nodeId,
        signingKey,
        value,
        stepTimeout);
  }

  public BuildLogsSettings withStepTimeout(Duration value) {
    return new BuildLogsSettings(
        vertx,
        meterRegistry,
        publisher,
        subscriber,
        dataSource,
        runnerToken,
        viewerToken,
        stepLogCapBytes,
        mockRunner,
        nodeId,
        signingKey,
        trustProxy,
        value);
  }

  @Override
  public String toString() {
    return "BuildLogsSettings[nodeId="
        + nodeId
        + ", stepLogCapBytes="
        + stepLogCapBytes
        + ", mockRunner="
        + mockRunner
        + ", viewerSignIn="
        + (viewerToken != null)
        + ", trustProxy="
        + trustProxy
        + ", stepTimeout="
        + stepTimeout
        + "]";
  }
}
