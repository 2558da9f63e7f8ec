package dev.millrace.buildlogs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.millrace.buildlogs.testing.Runner;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two nodes on one write model: the shared signing key and the session table make one login. */
class SessionsAcrossNodesTest {

  @Test
  void aSessionFromOneNodeWorksOnTheOtherUntilSignedOutOnEither() {
    twoNodes(TestDatabases.h2());
  }

  @Test
  void theSameOnMariaDb() {
    twoNodes(TestDatabases.mariaDb());
  }

  private static void twoNodes(TestDatabases.TestDatabase database) {
    var key = SigningKey.random();
    TestDatabases.TestDatabase shared =
        new TestDatabases.TestDatabase() {
          public HikariDataSource dataSource() {
            return database.dataSource();
          }

          public void close() {
            // the first node owns the database
          }
        };
    try (var one = TestServer.start(database, s -> s.withSigningKey(key));
        var two = TestServer.start(shared, s -> s.withSigningKey(key));
        var stranger = TestServer.start(TestDatabases.h2(), s -> s)) {
      var repo = new Runner(one, "acme", "shared");
      repo.createBuild(List.of("a"), List.of());
      repo.makePrivate();
      var build = repo.repoPath() + "/builds/1";

      var cookie = signIn(one);
      assertThat(two.send("GET", build, null, "Cookie", cookie).statusCode()).isEqualTo(200);

      two.send("DELETE", "/api/v1/viewer-session", null, "Cookie", cookie);
      assertThat(one.send("GET", build, null, "Cookie", cookie).statusCode())
          .as("signed out on node two, refused on node one")
          .isEqualTo(404);

      var again = signIn(one);
      var other = new Runner(stranger, "acme", "shared");
      other.createBuild(List.of("a"), List.of());
      other.makePrivate();
      assertThat(stranger.send("GET", build, null, "Cookie", again).statusCode())
          .as("a node with another key refuses the cookie")
          .isEqualTo(404);
    }
  }

  private static String signIn(TestServer server) {
    var ok =
        server.send(
            "POST", "/api/v1/viewer-session", "{\"token\":\"" + TestServer.VIEWER_TOKEN + "\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    var setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }
}
