package dev.millrace.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes sharing MariaDB (write model), PostgreSQL (read model) and NATS JetStream, behind
 * nginx, started by {@code scripts/cluster}: the setup a user gets from that script. It runs in a
 * folder only its owner may enter, as a clone in a private home or temp folder would be.
 *
 * <p>Every test has a time limit and every background failure fails its test at once, so a broken
 * cluster fails the build in seconds rather than hanging it; the cluster is stopped after the
 * tests, or by a shutdown hook when the test JVM is stopped first.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterIT {

  static final String RUNNER_TOKEN = "cluster-runner-token";
  static final String HUB_KEY = "cluster-hub-key-0123456789abcdef-0123456789";
  private static final int HUB_UPDATES = 30;
  private static final int NODES = 3;
  private static final int CLIENTS = 9;
  private static final int LOG_LINES = 100_000;
  private static final int LOG_BATCH = 2_000;
  private static final int CRASH_POSTS = 300;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();
  private static Cluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    var repository = Path.of("../..").toAbsolutePath().normalize();
    var runDir = Cluster.privateFolder(Path.of("target/cluster-it").toAbsolutePath());
    cluster = new Cluster(repository, runDir, NODES, 19180);
    cluster.up();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(-1)
  void everyNodesHubSubscribersGetEachUpdateOnceInOrderAndResumeElsewhereAfterAKill()
      throws Exception {
    var subscribers = new ArrayList<HubClient>();
    try {
      for (int node = 1; node <= NODES; node++) {
        subscribers.add(new HubClient(hubUri(cluster.nodeUrl(node)), null));
      }
      await().atMost(PATIENCE).until(() -> subscribers.stream().allMatch(HubClient::open));
      var ids = new ArrayList<String>();
      for (int i = 0; i < HUB_UPDATES; i++) {
        ids.add(publishToHub(cluster.url(), "update " + i));
      }
      await()
          .atMost(PATIENCE)
          .until(() -> subscribers.stream().allMatch(s -> s.received.size() >= HUB_UPDATES));
      for (HubClient subscriber : subscribers) {
        assertThat(subscriber.ids()).containsExactlyElementsOf(ids);
      }
      report(
          HUB_UPDATES
              + " hub updates published through nginx reached every node's subscriber"
              + " once, in order");

      var onFirst = subscribers.getFirst();
      String last = onFirst.ids().getLast();
      onFirst.close();
      cluster.kill(1);
      var missed = new ArrayList<String>();
      for (int i = 0; i < 5; i++) {
        missed.add(publishToHub(cluster.url(), "while node-1 is down " + i));
      }
      try (var resumed = new HubClient(hubUri(cluster.nodeUrl(2)), last)) {
        await().atMost(PATIENCE).until(() -> resumed.received.size() >= missed.size());
        assertThat(resumed.ids()).containsExactlyElementsOf(missed);
      }
      report("after SIGKILL of node-1, its subscriber resumed on node-2 with exactly the 5 missed");
      cluster.restart(1);
      try (var restarted = new HubClient(hubUri(cluster.nodeUrl(1)), last)) {
        await().atMost(PATIENCE).until(() -> restarted.received.size() >= missed.size());
        assertThat(restarted.ids()).containsExactlyElementsOf(missed);
      }
      report("the restarted node-1 read the history back and resumes the same id");
    } finally {
      for (var subscriber : subscribers) {
        subscriber.close();
      }
    }
  }

  private static URI hubUri(String base) {
    return URI.create(base + "/.well-known/mercure?topic=urn:cluster:hub");
  }

  private static String publishToHub(String base, String data) throws Exception {
    var jwt =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
            new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .claim("mercure", Map.of("publish", List.of("urn:cluster:hub")))
                .build());
    jwt.sign(
        new com.nimbusds.jose.crypto.MACSigner(
            HUB_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/.well-known/mercure"))
                .header("Authorization", "Bearer " + jwt.serialize())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "topic=urn%3Acluster%3Ahub&data="
                            + java.net.URLEncoder.encode(
                                data, java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body() + cluster.nginxErrors()).isEqualTo(200);
    return response.body();
  }

  @Test
  @Order(0)
  void aLogBatchLargerThanNginxsMemoryBufferPassesTheBalancer() throws Exception {
    var build =
        json.readTree(
            runner(
                "POST",
                cluster.url() + "/api/v1/repos/cluster/batch/builds",
                "{\"steps\":[{\"name\":\"big-batch\"}]}"));
    var step = "/api/v1/repos/cluster/batch/builds/" + build.path("number").asInt() + "/steps/1";
    runner("PATCH", cluster.url() + step, "{\"status\":\"running\"}");
    var batch = logBatch(1, LOG_BATCH);
    assertThat(batch.length()).isGreaterThan(64 * 1024);

    runner("POST", cluster.url() + step + "/logs", batch);

    assertThat(get(cluster.url() + step + "/logs").lines()).hasSize(LOG_BATCH);
    report("a " + batch.length() / 1024 + " KB log batch went through nginx");
  }

  @Test
  @Order(1)
  void aLogViewerMovedBetweenNodesGetsEveryLineExactlyOnceInOrder() throws Exception {
    var build =
        json.readTree(
            runner(
                "POST",
                cluster.url() + "/api/v1/repos/cluster/logs/builds",
                "{\"steps\":[{\"name\":\"long-log\"}]}"));
    var steps = "/api/v1/repos/cluster/logs/builds/" + build.path("number").asInt() + "/steps/1";
    runner("PATCH", cluster.url() + steps, "{\"status\":\"running\"}");

    var reader = new LogStreamReader(steps + "/logs/events");
    var writer =
        CompletableFuture.runAsync(
            () -> appendLines(cluster.url() + steps + "/logs"),
            Executors.newVirtualThreadPerTaskExecutor());
    writer.whenComplete((done, failure) -> failIfNotNull(reader, failure));
    int node = 0;
    var finished = false;
    while (!reader.ended()) {
      var remaining = LOG_LINES - reader.ids().size();
      if (remaining <= 0 && !finished) {
        writer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        runner("PATCH", cluster.url() + steps, "{\"status\":\"success\"}");
        finished = true;
      }
      node = node % NODES + 1;
      reader.read(
          cluster.nodeUrl(node),
          remaining <= 0 ? Integer.MAX_VALUE : Math.min(LOG_LINES / 7, remaining));
    }
    writer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

    assertThat(reader.ids()).hasSize(LOG_LINES);
    for (int i = 0; i < LOG_LINES; i++) {
      assertThat(reader.ids().get(i)).isEqualTo(i + 1L);
    }
    assertThat(reader.texts().get(LOG_LINES - 1)).contains("line " + LOG_LINES + " of the log");
    report(
        LOG_LINES
            + " log lines read over "
            + reader.connections()
            + " connections rotating across "
            + NODES
            + " nodes: every line once, in order, then the end event");
  }

  private static void failIfNotNull(LogStreamReader reader, Throwable failure) {
    if (failure != null) {
      reader.abort(failure);
    }
  }

  private static void appendLines(String url) {
    try {
      for (int first = 1; first <= LOG_LINES; first += LOG_BATCH) {
        runner("POST", url, logBatch(first, LOG_BATCH));
      }
    } catch (Exception e) {
      throw new IllegalStateException("appending log lines failed", e);
    }
  }

  private static String logBatch(int first, int count) {
    var batch = json.createObjectNode();
    var lines = batch.putArray("lines");
    for (int n = first; n < first + count; n++) {
      lines
          .addObject()
          .put("number", n)
          .put("text", "\u001b[32mline " + n + " of the log\u001b[0m");
    }
    return batch.toString();
  }

  private static String runner(String method, String url, String body) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + RUNNER_TOKEN)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(
            () ->
                method
                    + " "
                    + url
                    + " answered "
                    + response.statusCode()
                    + ": "
                    + response.body()
                    + cluster.nginxErrors())
        .isLessThan(300);
    return response.body();
  }

  @Test
  @Order(2)
  void everyClientSeesEveryPostOnceAndCatchesUpAfterANodeIsKilled() throws Exception {
    var clients = new ArrayList<LiveClient>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(new LiveClient(URI.create(cluster.url() + "/api/feeds")));
      }
      await()
          .atMost(PATIENCE)
          .until(() -> clients.stream().allMatch(c -> c.latest().contains("\"feeds\"")));
      var connections = connectionsPerNode();
      report("clients per node through nginx: " + connections);
      assertThat(connections.values().stream().filter(n -> n > 0)).hasSizeGreaterThan(1);
      assertThat(connections.values().stream().mapToInt(Integer::intValue).sum())
          .isGreaterThanOrEqualTo(CLIENTS);

      for (int node = 1; node <= NODES; node++) {
        for (int i = 0; i < 3; i++) {
          createPost(cluster.nodeUrl(node), "post " + i + " through node-" + node);
        }
      }
      awaitEveryClientSees(clients, 9);
      report("9 posts created through 3 nodes reached all " + CLIENTS + " clients");

      for (int node = 1; node <= NODES; node++) {
        assertThat(distinctPostIds(cluster.nodeUrl(node))).hasSize(9);
      }
      await().atMost(PATIENCE).untilAsserted(() -> assertThat(projectionsApplied()).isEqualTo(9));
      report("each of the 9 post-created events was projected once across the nodes");

      var victim = busiestNode(connections);
      var startsBefore = clients.stream().mapToInt(LiveClient::starts).sum();
      cluster.kill(victim);
      report("killed node-" + victim + " with SIGKILL (" + connections.get(victim) + " clients)");
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  clients.stream().mapToInt(LiveClient::starts).sum()
                      >= startsBefore + connections.get(victim));

      for (int i = 0; i < 3; i++) {
        createPost(cluster.url(), "post " + i + " after the kill");
      }
      awaitEveryClientSees(clients, 12);
      assertThat(clients.stream().map(LiveClient::latest).distinct()).hasSize(1);
      report("after the kill, every client reconnected through nginx and shows the same 12 posts");
    } finally {
      for (var client : clients) {
        client.close();
      }
    }
  }

  @Test
  @Order(3)
  void everyAcknowledgedPostSurvivesTheProjectingNodeBeingKilled() throws Exception {
    for (int node = 1; node <= NODES; node++) {
      if (!healthy(cluster.nodeUrl(node))) {
        cluster.restart(node);
        report("restarted node-" + node + " on its data folder");
      }
    }
    var clients = new ArrayList<LiveClient>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(new LiveClient(URI.create(cluster.url() + "/api/feeds")));
      }
      var acknowledged = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
      var refused = new AtomicInteger();
      var writer =
          CompletableFuture.runAsync(
              () -> writePosts(CRASH_POSTS, acknowledged, refused),
              Executors.newVirtualThreadPerTaskExecutor());
      await()
          .atMost(PATIENCE)
          .until(() -> acknowledged.size() >= CRASH_POSTS / 3 || writer.isDone());
      var victim = busiestProjector();
      cluster.kill(victim);
      report(
          "killed node-"
              + victim
              + ", the busiest projector, with SIGKILL after "
              + acknowledged.size()
              + " acknowledged posts");
      writer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      report(
          acknowledged.size()
              + " posts acknowledged, "
              + refused.get()
              + " refused by the dying node");

      var survivor = victim % NODES + 1;
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(missingPosts(cluster.nodeUrl(survivor), acknowledged)).isEmpty());
      var stored = feedSize(cluster.nodeUrl(survivor), "crash");
      assertThat(stored).isGreaterThanOrEqualTo(acknowledged.size());
      var expected = "{\"name\":\"crash\",\"posts\":" + stored + "}";
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(clients).allSatisfy(c -> assertThat(c.latest()).contains(expected)));
      report(
          "every acknowledged post is in the read model and every live client shows all "
              + stored
              + " posts");
    } finally {
      for (var client : clients) {
        client.close();
      }
    }
  }

  /** Creates posts one by one through nginx, a few milliseconds apart, as users would. */
  private static void writePosts(int count, Set<String> acknowledged, AtomicInteger refused) {
    for (int i = 0; i < count; i++) {
      pause(Duration.ofMillis(10));
      var body =
          json.createObjectNode()
              .put("title", "crash " + i)
              .put("content", "Written while a node dies #crash")
              .put("author", "ClusterIT");
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create(cluster.url() + "/api/posts"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
          acknowledged.add(json.readTree(response.body()).path("id").asText());
        } else {
          refused.incrementAndGet();
        }
      } catch (java.io.IOException e) {
        refused.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> missingPosts(String baseUrl, Set<String> ids) throws Exception {
    var missing = new ArrayList<String>();
    for (var id : ids) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/posts/" + id)).build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        missing.add(id);
      }
    }
    return missing;
  }

  private static int feedSize(String baseUrl, String feed) throws Exception {
    for (JsonNode summary : json.readTree(get(baseUrl + "/api/feeds")).path("feeds")) {
      if (summary.path("name").asText().equals(feed)) {
        return summary.path("posts").asInt();
      }
    }
    return 0;
  }

  private static int busiestProjector() throws Exception {
    int busiest = 1;
    double most = -1;
    for (int node = 1; node <= NODES; node++) {
      double applied =
          metricSum(
              cluster.nodeUrl(node), "millrace_feeds_projections_total", "outcome=\"changed\"");
      if (applied > most) {
        most = applied;
        busiest = node;
      }
    }
    return busiest;
  }

  private static boolean healthy(String baseUrl) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/healthz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static void awaitEveryClientSees(List<LiveClient> clients, int posts) {
    var expected = "{\"name\":\"cluster\",\"posts\":" + posts + "}";
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(clients).allSatisfy(c -> assertThat(c.latest()).contains(expected)));
  }

  private static void createPost(String baseUrl, String title) throws Exception {
    var body =
        json.createObjectNode()
            .put("title", title)
            .put("content", "Hello from the cluster test #cluster")
            .put("author", "ClusterIT");
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/posts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static HashSet<String> distinctPostIds(String baseUrl) throws Exception {
    var ids = new HashSet<String>();
    var count = 0;
    for (JsonNode post : json.readTree(get(baseUrl + "/api/feeds/cluster")).path("posts")) {
      ids.add(post.path("id").asText());
      count++;
    }
    assertThat(count).as("posts listed in the feed on " + baseUrl).isEqualTo(ids.size());
    return ids;
  }

  private static Map<Integer, Integer> connectionsPerNode() throws Exception {
    var perNode = new TreeMap<Integer, Integer>();
    for (int node = 1; node <= NODES; node++) {
      perNode.put(node, (int) metricSum(cluster.nodeUrl(node), "millrace_sse_connections", ""));
    }
    return perNode;
  }

  private static long projectionsApplied() throws Exception {
    long total = 0;
    for (int node = 1; node <= NODES; node++) {
      total +=
          (long)
              metricSum(
                  cluster.nodeUrl(node), "millrace_feeds_projections_total", "outcome=\"changed\"");
    }
    return total;
  }

  private static double metricSum(String baseUrl, String metric, String labelFilter)
      throws Exception {
    return get(baseUrl + "/metrics")
        .lines()
        .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
        .filter(line -> line.contains(labelFilter))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static int busiestNode(Map<Integer, Integer> connections) {
    return connections.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void report(String line) {
    System.out.println("[cluster] " + line);
  }
}
