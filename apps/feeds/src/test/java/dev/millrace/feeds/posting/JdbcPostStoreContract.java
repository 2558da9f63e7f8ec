package dev.millrace.feeds.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.core.Message;
import dev.millrace.feeds.events.EventCodec;
import dev.millrace.feeds.events.PostCreated;
import dev.millrace.feeds.events.PostUpdated;
import dev.millrace.feeds.events.Topics;
import dev.millrace.feeds.support.TestDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write model on one database engine; the outbox is recorded in the writing transaction. */
abstract class JdbcPostStoreContract {

  record Appended(String topic, Message message) {}

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456Z");

  private TestDatabase database;
  private final List<Appended> outbox = new CopyOnWriteArrayList<>();
  private volatile boolean failOutbox;
  private JdbcPostStore store;

  abstract TestDatabase newDatabase();

  @BeforeEach
  void open() {
    database = newDatabase();
    Schema.migrateWriteModel(database.dataSource());
    Schema.migrateWriteModel(database.dataSource()); // idempotent
    OutboxWriter writer =
        (tx, topic, message) -> {
          assertThat(tx.getAutoCommit()).isFalse();
          if (failOutbox) {
            throw new SQLException("outbox unavailable");
          }
          outbox.add(new Appended(topic, message));
        };
    store = new JdbcPostStore(database.dataSource(), writer, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void createStoresThePostAndAppendsPostCreated() {
    var post = store.create(new PostDraft("Hello", "First post #Java #java #go", "Ada"));

    assertThat(post.version()).isEqualTo(1);
    assertThat(post.tags()).containsExactly("java", "go");
    assertThat(post.createdAt()).isEqualTo(NOW);
    assertThat(store.find(post.id())).contains(post);
    assertThat(outbox).hasSize(1);
    assertThat(outbox.get(0).topic()).isEqualTo(Topics.POST_CREATED);
    var event = EventCodec.read(outbox.get(0).message(), PostCreated.class);
    assertThat(event.post()).isEqualTo(post);
    assertThat(outbox.get(0).message().metadata(Message.EVENT_TYPE)).isEqualTo("post-created");
  }

  @Test
  void editBumpsTheVersionAndAppendsBothStates() {
    var original = store.create(new PostDraft("Hello", "#old", "Ada"));

    var edited = store.edit(original.id(), "Hello again", "#new text");

    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.author()).isEqualTo("Ada");
    assertThat(store.find(original.id())).contains(edited);
    var event = EventCodec.read(outbox.get(1).message(), PostUpdated.class);
    assertThat(outbox.get(1).topic()).isEqualTo(Topics.POST_UPDATED);
    assertThat(event.originalPost()).isEqualTo(original);
    assertThat(event.newPost()).isEqualTo(edited);
  }

  @Test
  void anEditBasedOnAnOlderVersionIsRefusedAndChangesNothing() {
    var original = store.create(new PostDraft("Hello", "#one", "Ada"));
    var first = store.edit(original.id(), "First", "#one", 1);
    assertThat(first.version()).isEqualTo(2);

    assertThatThrownBy(() -> store.edit(original.id(), "Second", "#two", 1))
        .isInstanceOfSatisfying(
            StaleEditException.class,
            stale -> {
              assertThat(stale.basedOn()).isEqualTo(1);
              assertThat(stale.current()).isEqualTo(2);
            });
    assertThat(store.find(original.id())).contains(first);
    assertThat(outbox).hasSize(2);
    assertThat(store.edit(original.id(), "Second", "#two", 2).version()).isEqualTo(3);
  }

  @Test
  void editOfAnUnknownPostFails() {
    assertThatThrownBy(() -> store.edit("nope", "t", "c"))
        .isInstanceOf(PostNotFoundException.class);
    assertThat(outbox).isEmpty();
  }

  @Test
  void aFailedOutboxAppendRollsTheWriteBack() {
    var kept = store.create(new PostDraft("Kept", "content", "Ada"));
    failOutbox = true;

    assertThatThrownBy(() -> store.create(new PostDraft("Lost", "content", "Ada")))
        .isInstanceOf(WriteModelException.class);
    assertThatThrownBy(() -> store.edit(kept.id(), "Changed", "changed"))
        .isInstanceOf(WriteModelException.class);

    assertThat(store.find(kept.id())).contains(kept);
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void storesTheLongestAllowedFieldsAndUnicode() {
    var draft =
        new PostDraft(
            "t".repeat(PostDraft.MAX_TITLE),
            "😀".repeat(PostDraft.MAX_CONTENT / 2),
            "ä".repeat(PostDraft.MAX_AUTHOR));

    var post = store.create(draft);

    assertThat(store.find(post.id())).contains(post);
  }

  private long count() {
    try (var c = database.dataSource().getConnection();
        var rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM feeds_posts")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
