package dev.millrace.server.fuzz;

import java.util.List;

/**
 * One route of the server, as the fuzzer sees it: a method, a path template whose {@code {name}}
 * parts it fills with bad values, and who may call it.
 *
 * @param auth the credential that gets a caller past authentication, so that validation is what
 *     answers: {@code none}, {@code runner}, {@code hub} (a publisher JWT), {@code subscriber} (a
 *     subscriber JWT that may see every topic), {@code admin}
 * @param emptyBodyIsValid whether the route accepts a request without a body (the demo starts a
 *     default build): the fuzzer then always sends a bad body
 */
record Route(String method, String template, String auth, boolean emptyBodyIsValid) {

  Route(String method, String template, String auth) {
    this(method, template, auth, false);
  }

  static final List<Route> ALL =
      List.of(
          // feeds
          new Route("GET", "/api/feeds", "none"),
          new Route("GET", "/api/feeds/{name}", "none"),
          new Route("GET", "/api/posts/{id}", "none"),
          new Route("POST", "/api/posts", "none"),
          new Route("PATCH", "/api/posts/{id}", "none"),
          // a valid count would store posts: the fuzzer only sends invalid ones
          new Route("POST", "/api/generate/post?count={count}", "none"),
          new Route("GET", "/api/live", "none"),
          // build logs
          new Route("GET", "/api/v1/builds", "none"),
          new Route("GET", "/api/v1/builds/events", "none"),
          new Route("GET", "/api/v1/live?log={log}&build={build}&lastEventId={cursor}", "none"),
          new Route("GET", "/api/v1/repos", "none"),
          new Route("PUT", "/api/v1/repos/{org}/{repo}", "runner"),
          new Route("GET", "/api/v1/repos/{org}/{repo}/builds", "none"),
          new Route("POST", "/api/v1/repos/{org}/{repo}/builds", "runner"),
          new Route("GET", "/api/v1/repos/{org}/{repo}/builds/{build}", "none"),
          new Route("GET", "/api/v1/repos/{org}/{repo}/builds/{build}/events", "none"),
          new Route("PATCH", "/api/v1/repos/{org}/{repo}/builds/{build}/steps/{step}", "runner"),
          new Route(
              "POST", "/api/v1/repos/{org}/{repo}/builds/{build}/steps/{step}/logs", "runner"),
          new Route("GET", "/api/v1/repos/{org}/{repo}/builds/{build}/steps/{step}/logs", "none"),
          new Route(
              "GET", "/api/v1/repos/{org}/{repo}/builds/{build}/steps/{step}/logs/events", "none"),
          new Route("POST", "/api/v1/repos/{org}/{repo}/stream-token", "none"),
          new Route("POST", "/api/v1/viewer-session", "none"),
          new Route("GET", "/api/v1/viewer-session", "none"),
          new Route("DELETE", "/api/v1/viewer-session", "none"),
          // admin
          new Route("GET", "/admin/dead-letters", "admin"),
          new Route("POST", "/admin/dead-letters/{id}/replay", "admin"),
          new Route("DELETE", "/admin/dead-letters/{id}", "admin"),
          // hub, health, metrics, pages
          new Route("GET", "/.well-known/mercure", "none"),
          new Route("POST", "/.well-known/mercure", "hub"),
          new Route("GET", "/.well-known/mercure/subscriptions", "subscriber"),
          new Route("GET", "/.well-known/mercure/subscriptions/{topic}", "subscriber"),
          new Route("GET", "/.well-known/mercure/subscriptions/{topic}/{subscriber}", "subscriber"),
          new Route("GET", "/healthz", "none"),
          new Route("GET", "/metrics", "none"),
          new Route("GET", "/", "none"),
          new Route("GET", "/builds/{org}", "none"));

  /**
   * The routes of the build-log demo, mounted only while the mock runner is on: fuzzed on a server
   * of their own, since the mock runner writes builds of its own.
   */
  static final List<Route> DEMO = List.of(new Route("POST", "/api/demo/builds", "none", true));
}
