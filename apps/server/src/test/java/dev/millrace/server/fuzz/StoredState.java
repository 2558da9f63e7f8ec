package dev.millrace.server.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything a fuzzed server stores, read in ways that cannot miss a write: what users see over
 * HTTP (feeds, repositories and builds with a viewer credential, so private ones count too, dead
 * letters with the admin token), every update the hub keeps (resuming from {@code earliest}), and
 * the row count of every table of the embedded databases (sessions included).
 *
 * @param port the server's HTTP port
 * @param dataDir the server's data dir (its H2 files)
 * @param viewer the viewer token
 * @param admin the admin token
 * @param subscriber a subscriber JWT that may see every topic, or {@code null} to skip the hub
 */
record StoredState(int port, Path dataDir, String viewer, String admin, String subscriber) {

  private static final String H2_SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  private static final List<String> DATABASES = List.of("millrace", "readmodel");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What is stored now, as comparable lines. */
  List<String> read() throws Exception {
    var state = new ArrayList<String>();
    for (var path : List.of("/api/feeds", "/api/v1/repos", "/api/v1/builds")) {
      state.add(path + " " + get(path, viewer));
    }
    state.add("/admin/dead-letters " + get("/admin/dead-letters", admin));
    if (subscriber != null) {
      state.add("hub history " + hubHistory());
    }
    state.addAll(tableRows());
    return state;
  }

  /** The builds, by repository and number, whatever state each is in. */
  List<String> builds() throws Exception {
    var answer = get("/api/v1/builds", viewer);
    var body = answer.substring(answer.indexOf(' ') + 1);
    var builds = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("builds");
    var keys = new ArrayList<String>();
    builds.forEach(
        b ->
            keys.add(
                b.path("org").asText() + "/" + b.path("repo").asText() + "/" + b.path("number")));
    return keys;
  }

  private String get(String path, String bearer) throws Exception {
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  /**
   * The updates the hub keeps, but for subscription events (reading opens subscriptions, which
   * publish those): their ids and data, oldest first.
   */
  private List<String> hubHistory() throws Exception {
    String newest;
    try (var lines = subscribe(null)) {
      newest = lines.lastEventId();
    }
    if (newest.equals("earliest")) {
      return List.of();
    }
    try (var lines = subscribe("earliest")) {
      return CompletableFuture.supplyAsync(() -> lines.updatesThrough(newest))
          .get(20, TimeUnit.SECONDS);
    }
  }

  private Subscription subscribe(String lastEventId) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/.well-known/mercure?topic=*"))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + subscriber);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IllegalStateException("the hub refused the subscription: " + response.statusCode());
    }
    return new Subscription(
        response.headers().firstValue("Last-Event-ID").orElseThrow(), response.body());
  }

  /** An open subscription: its {@code Last-Event-ID} header and its lines. */
  private record Subscription(String lastEventId, Stream<String> lines) implements AutoCloseable {

    List<String> updatesThrough(String lastId) {
      var updates = new ArrayList<String>();
      String id = null;
      var data = new StringBuilder();
      for (var it = lines.iterator(); it.hasNext(); ) {
        var line = it.next();
        if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        } else if (line.isEmpty() && id != null) {
          if (!data.toString().contains("\"type\":\"Subscription\"")) {
            updates.add(id + " " + data);
          }
          if (id.equals(lastId)) {
            return updates;
          }
          id = null;
          data.setLength(0);
        }
      }
      throw new IllegalStateException("the stream ended before update " + lastId);
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  /** {@code "<database>.<table> <rows>"} for every table of the embedded databases. */
  private List<String> tableRows() throws SQLException {
    var rows = new ArrayList<String>();
    for (var database : DATABASES) {
      var url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(database) + H2_SETTINGS;
      try (var connection = DriverManager.getConnection(url);
          var tables =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA ="
                          + " 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
        var names = new ArrayList<String>();
        while (tables.next()) {
          names.add(tables.getString(1));
        }
        for (var name : names) {
          try (var count =
              connection.createStatement().executeQuery("SELECT COUNT(*) FROM \"" + name + "\"")) {
            count.next();
            rows.add(database + "." + name + " " + count.getLong(1));
          }
        }
      }
    }
    return rows;
  }
}
