package dev.millrace.buildlogs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** What a CI runner does, over the HTTP runner API, with assertions on the happy path. */
public final class Runner {

  private final TestServer server;
  private final String repoPath;

  public Runner(TestServer server, String org, String repo) {
    this.server = server;
    this.repoPath = "/api/v1/repos/" + org + "/" + repo;
  }

  public String repoPath() {
    return repoPath;
  }

  public JsonNode createBuild(List<String> steps, List<String> secrets) {
    var body =
        "{\"steps\":["
            + steps.stream()
                .map(s -> "{\"name\":" + Json.quote(s) + "}")
                .collect(Collectors.joining(","))
            + "],\"secrets\":["
            + secrets.stream().map(Json::quote).collect(Collectors.joining(","))
            + "]}";
    var response = server.runner("POST", repoPath + "/builds", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.parse(response.body());
  }

  public void makePrivate() {
    var response = server.runner("PUT", repoPath, "{\"private\":true}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  public String stepPath(int build, int step) {
    return repoPath + "/builds/" + build + "/steps/" + step;
  }

  public JsonNode setStatus(int build, int step, String status) {
    var response = server.runner("PATCH", stepPath(build, step), "{\"status\":\"" + status + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }

  /** Appends lines {@code from..to} with the text {@code prefix + n}. */
  public JsonNode appendRange(int build, int step, int from, int to, String prefix) {
    var lines =
        IntStream.rangeClosed(from, to)
            .mapToObj(n -> "{\"number\":" + n + ",\"text\":" + Json.quote(prefix + n) + "}")
            .collect(Collectors.joining(","));
    var response = append(build, step, "{\"lines\":[" + lines + "]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }

  public java.net.http.HttpResponse<String> append(int build, int step, String body) {
    return server.runner("POST", stepPath(build, step) + "/logs", body);
  }
}
