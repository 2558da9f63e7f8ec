package dev.millrace.buildlogs.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.buildlogs.builds.BuildStore;
import dev.millrace.buildlogs.builds.RepoStore;
import dev.millrace.buildlogs.builds.Status;
import dev.millrace.buildlogs.events.BuildEvents;
import dev.millrace.buildlogs.ingest.IncomingLine;
import dev.millrace.buildlogs.ingest.LogStore;
import dev.millrace.buildlogs.ingest.SecretMasker;
import dev.millrace.buildlogs.testing.TestDatabases;
import dev.millrace.buildlogs.web.ApiException;
import dev.millrace.core.InProcessPubSub;
import dev.millrace.jdbc.JdbcOutbox;
import dev.millrace.jdbc.OutboxOptions;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SQL write model on embedded H2 and on MariaDB: migrations, builds, statuses, log lines. */
class WriteModelTest {

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of(Named.of("H2", (Supplier<TestDatabases.TestDatabase>) TestDatabases::h2)),
        Arguments.of(
            Named.of("MariaDB", (Supplier<TestDatabases.TestDatabase>) TestDatabases::mariaDb)));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void storesBuildsStatusesAndLinesAndAnnouncesThroughTheOutbox(
      Supplier<TestDatabases.TestDatabase> database) throws Exception {
    try (var db = database.get();
        var pubSub = InProcessPubSub.create()) {
      var ds = db.dataSource();
      Schema.migrate(ds);
      Schema.migrate(ds); // idempotent
      var outbox = JdbcOutbox.create(ds, OutboxOptions.defaults().withTable("buildlogs_outbox"));
      outbox.ensureTable();
      var announced = new ConcurrentLinkedQueue<String>();
      pubSub.subscribe(
          BuildEvents.TOPIC,
          delivery -> {
            announced.add(delivery.message().metadata(dev.millrace.core.Message.EVENT_TYPE));
            delivery.ack();
          });
      var sql = new Sql(ds);
      var repos = new RepoStore(sql);
      var builds = new BuildStore(sql, new BuildEvents(pubSub, outbox, "test"));
      var logs = new LogStore(sql);

      try (var relay = outbox.startRelay(pubSub)) {
        var repo = repos.ensure("acme", "widgets");
        assertThat(repos.ensure("acme", "widgets").id()).isEqualTo(repo.id());
        var build = builds.create(repo, List.of("compile", "test"), List.of("s3cret-value"));
        assertThat(build.number()).isEqualTo(1);
        assertThat(builds.create(repo, List.of("x"), List.of()).number()).isEqualTo(2);
        var step = builds.findStep(repo, 1, 1).orElseThrow();
        var masker = new SecretMasker(builds.secrets(build.id()));

        var lines =
            IntStream.rangeClosed(1, 300)
                .mapToObj(
                    n -> new IncomingLine(n, "\u001b[1mline\u001b[0m " + n + " s3cret-value é"))
                .toList();
        assertThat(logs.append(step.stepId(), lines.subList(0, 200), masker, 1 << 20).accepted())
            .isEqualTo(200);
        var again = logs.append(step.stepId(), lines, masker, 1 << 20);
        assertThat(again.accepted()).isEqualTo(100);
        assertThat(again.duplicates()).isEqualTo(200);
        assertThatThrownBy(
                () ->
                    logs.append(
                        step.stepId(), List.of(new IncomingLine(302, "gap")), masker, 1 << 20))
            .isInstanceOf(ApiException.class)
            .hasMessageContaining("line 301 is missing");

        var stored = logs.read(step.stepId(), 0, 1000);
        assertThat(stored).hasSize(300);
        assertThat(stored.get(41).number()).isEqualTo(42);
        assertThat(stored.get(41).text()).isEqualTo("\u001b[1mline\u001b[0m 42 *** é");
        assertThat(logs.read(step.stepId(), 295, 10))
            .extracting(l -> l.number())
            .containsExactly(296, 297, 298, 299, 300);

        var change = builds.setStepStatus(repo, 1, 1, Status.SUCCESS);
        assertThat(change.changed()).isTrue();
        assertThat(change.build().status()).isEqualTo(Status.RUNNING);
        assertThat(change.build().steps().get(0).lines()).isEqualTo(300);
        assertThat(logs.state(step.stepId()).orElseThrow().status()).isEqualTo(Status.SUCCESS);
        assertThat(builds.setStepStatus(repo, 1, 2, Status.FAILURE).build().status())
            .isEqualTo(Status.FAILURE);

        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(announced)
                        .containsExactly(
                            BuildEvents.BUILD_CREATED,
                            BuildEvents.BUILD_CREATED,
                            BuildEvents.STATUS_CHANGED,
                            BuildEvents.STATUS_CHANGED));
      }
    }
  }
}
