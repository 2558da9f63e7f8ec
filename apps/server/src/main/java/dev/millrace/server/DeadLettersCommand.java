package dev.millrace.server;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code millrace-server dead-letters list|replay ID|drop ID}: the admin API of a running server
 * ({@link DeadLetterAdmin}) from the command line. Exit code 0 on success, 1 when the server
 * answered with an error (printed), 2 when it could not be reached.
 */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = "Lists, replays or drops the dead letters of a running server.",
    subcommands = {
      DeadLettersCommand.ListCommand.class,
      DeadLettersCommand.ReplayCommand.class,
      DeadLettersCommand.DropCommand.class
    })
final class DeadLettersCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:MILLRACE_URL:-http://localhost:" + ServerConfig.DEFAULT_PORT + "}",
      description = "Base URL of the server (MILLRACE_URL, default ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--admin-token",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:MILLRACE_ADMIN_TOKEN}",
      description = "The server's admin token (MILLRACE_ADMIN_TOKEN).")
  String adminToken;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: list, replay or drop");
  }

  int call(String method, String path) {
    if (adminToken == null || adminToken.isBlank()) {
      System.err.println("millrace: set --admin-token or MILLRACE_ADMIN_TOKEN");
      return 2;
    }
    var request =
        HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + adminToken)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      System.err.println("millrace: cannot reach " + url + ": " + e);
      return 2;
    }
    var body = response.body();
    boolean ok = response.statusCode() / 100 == 2;
    var out = ok ? System.out : System.err;
    if (body != null && !body.isBlank()) {
      out.println(body.startsWith("{") ? new JsonObject(body).encodePrettily() : body);
    } else if (ok) {
      out.println("done");
    } else {
      out.println("HTTP " + response.statusCode());
    }
    return ok ? 0 : 1;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Command(name = "list", description = "Lists dead letters, oldest first, as JSON.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand DeadLettersCommand parent;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many.")
    int limit;

    @Option(names = "--after", description = "Start after this dead letter id (paging).")
    String after;

    @Override
    public Integer call() {
      var query = "?limit=" + limit + (after == null ? "" : "&after=" + encode(after));
      return parent.call("GET", "/admin/dead-letters" + query);
    }
  }

  @Command(name = "replay", description = "Handles a dead letter again, then removes it.")
  static final class ReplayCommand implements Callable<Integer> {
    @ParentCommand DeadLettersCommand parent;

    @Parameters(paramLabel = "ID", description = "The dead letter's id.")
    String id;

    @Override
    public Integer call() {
      return parent.call("POST", "/admin/dead-letters/" + encode(id) + "/replay");
    }
  }

  @Command(name = "drop", description = "Deletes a dead letter without handling it.")
  static final class DropCommand implements Callable<Integer> {
    @ParentCommand DeadLettersCommand parent;

    @Parameters(paramLabel = "ID", description = "The dead letter's id.")
    String id;

    @Override
    public Integer call() {
      return parent.call("DELETE", "/admin/dead-letters/" + encode(id));
    }
  }
}
