package dev.millrace.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code millrace-server health}: asks a running server's {@code /healthz}, for container health
 * checks in images without curl. Exit code 0 when it answers 200 ("up"), 1 when it answers
 * otherwise (degraded or down, the body is printed), 2 when it cannot be reached.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Checks a running server's /healthz; exit code 0 when it is up.")
final class HealthCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      defaultValue = "${env:MILLRACE_URL:-http://127.0.0.1:${env:MILLRACE_PORT:-8080}}",
      description = "Base URL of the server (MILLRACE_URL, default ${DEFAULT-VALUE}).")
  String url;

  @Override
  public Integer call() {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    var request =
        HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/healthz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      System.err.println("millrace: cannot reach " + url + ": " + e);
      return 2;
    }
    (response.statusCode() == 200 ? System.out : System.err).println(response.body());
    return response.statusCode() == 200 ? 0 : 1;
  }
}
