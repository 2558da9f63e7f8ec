package dev.millrace.feeds.readmodel;

import static dev.millrace.feeds.readmodel.FeedReadModel.ALL_POSTS;
import static dev.millrace.feeds.support.Posts.edited;
import static dev.millrace.feeds.support.Posts.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.feeds.posting.Post;
import dev.millrace.feeds.posting.PostDraft;
import dev.millrace.feeds.posting.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The projection rules every {@link FeedReadModel} keeps. A subclass provides a fresh, empty read
 * model per test.
 */
public abstract class FeedReadModelContract {

  protected FeedReadModel readModel;

  /** A new, empty read model. */
  protected abstract FeedReadModel newReadModel();

  /** Releases what {@link #newReadModel()} created. */
  protected void release() {}

  @BeforeEach
  void open() {
    readModel = newReadModel();
  }

  @AfterEach
  void closeReadModel() {
    if (readModel != null) {
      readModel.close();
    }
    release();
  }

  @Test
  void newPostGoesToEachTagFeedAndToAllPosts() {
    var post = post("Hello #java and #go", 100);

    var projection = readModel.apply(post);

    assertThat(projection.changed()).isTrue();
    assertThat(projection.affectedFeeds()).containsExactlyInAnyOrder(ALL_POSTS, "java", "go");
    assertThat(readModel.feeds())
        .containsExactly(
            new FeedSummary(ALL_POSTS, 1), new FeedSummary("go", 1), new FeedSummary("java", 1));
    assertThat(ids("java")).containsExactly(post.id());
    assertThat(readModel.post(post.id())).contains(post);
  }

  @Test
  void postWithoutTagsAppearsInAllPosts() {
    var post = post("no tags here", 100);

    readModel.apply(post);

    assertThat(readModel.feeds()).containsExactly(new FeedSummary(ALL_POSTS, 1));
    assertThat(ids(ALL_POSTS)).containsExactly(post.id());
  }

  @Test
  void updateAddsRemovesAndKeepsTags() {
    var post = post("#keep #drop", 100);
    readModel.apply(post);
    var edit = edited(post, "#keep #added, new text");

    var projection = readModel.apply(edit);

    assertThat(projection.changed()).isTrue();
    assertThat(projection.affectedFeeds())
        .containsExactlyInAnyOrder(ALL_POSTS, "keep", "drop", "added");
    assertThat(readModel.feed("drop", PageRequest.NEWEST)).isEmpty();
    assertThat(readModel.feed("keep", PageRequest.NEWEST).orElseThrow().posts())
        .containsExactly(edit);
    assertThat(readModel.feed("added", PageRequest.NEWEST).orElseThrow().posts())
        .containsExactly(edit);
    assertThat(readModel.feeds())
        .extracting(FeedSummary::name)
        .containsExactly(ALL_POSTS, "added", "keep");
  }

  @Test
  void eventAppliedTwiceChangesNothing() {
    var post = post("#twice", 100);
    readModel.apply(post);
    var edit = edited(post, "#twice #more");
    readModel.apply(edit);
    var feedsBefore = readModel.feeds();

    var again = readModel.apply(edit);
    var createdAgain = readModel.apply(post);

    assertThat(again.changed()).isFalse();
    assertThat(again.affectedFeeds()).containsExactlyInAnyOrder(ALL_POSTS, "twice", "more");
    assertThat(createdAgain.changed()).isFalse();
    assertThat(readModel.feeds()).isEqualTo(feedsBefore);
    assertThat(readModel.post(post.id())).contains(edit);
  }

  @Test
  void olderUpdateNeverOverwritesNewer() {
    var v1 = post("#first", 100);
    var v2 = edited(v1, "#second");
    var v3 = edited(v2, "#third");

    readModel.apply(v3);
    var late2 = readModel.apply(v2);
    var late1 = readModel.apply(v1);

    assertThat(late2.changed()).isFalse();
    assertThat(late2.affectedFeeds()).isEmpty();
    assertThat(late1.changed()).isFalse();
    assertThat(readModel.post(v1.id())).contains(v3);
    assertThat(readModel.feeds()).extracting(FeedSummary::name).containsExactly(ALL_POSTS, "third");
  }

  @Test
  void feedsListNewestFirstAndPageOlderPosts() {
    var posts = new ArrayList<Post>();
    for (int i = 0; i < 7; i++) {
      posts.add(post("post " + i + " #paged", 100 + i));
    }
    posts.forEach(readModel::apply);

    var first = readModel.feed("paged", new PageRequest(null, 3)).orElseThrow();
    var second = readModel.feed("paged", new PageRequest(first.older(), 3)).orElseThrow();
    var last = readModel.feed("paged", new PageRequest(second.older(), 3)).orElseThrow();

    assertThat(first.posts())
        .extracting(Post::content)
        .containsExactly("post 6 #paged", "post 5 #paged", "post 4 #paged");
    assertThat(second.posts())
        .extracting(Post::content)
        .containsExactly("post 3 #paged", "post 2 #paged", "post 1 #paged");
    assertThat(last.posts()).extracting(Post::content).containsExactly("post 0 #paged");
    assertThat(last.older()).isNull();
    assertThat(readModel.feeds()).contains(new FeedSummary("paged", 7));
  }

  @Test
  void postsCreatedInTheSameInstantKeepAStableOrder() {
    var a = post("a #same", 100);
    var b = post("b #same", 100);
    readModel.apply(a);
    readModel.apply(b);

    var first = readModel.feed("same", new PageRequest(null, 1)).orElseThrow();
    var second = readModel.feed("same", new PageRequest(first.older(), 1)).orElseThrow();

    assertThat(List.of(first.posts().get(0).id(), second.posts().get(0).id()))
        .containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(second.older()).isNull();
  }

  @Test
  void unknownFeedAndPostAreEmpty() {
    assertThat(readModel.feed("nothing", PageRequest.NEWEST)).isEmpty();
    assertThat(readModel.post("00000000-0000-0000-0000-000000000000")).isEmpty();
    assertThat(readModel.feeds()).isEmpty();
  }

  @Test
  void keepsUnicodeAndMarkupVerbatim() {
    var post = post("<script>alert('x')</script> 😀 #ünïcode", 100);

    readModel.apply(post);

    assertThat(readModel.post(post.id()).orElseThrow().content()).isEqualTo(post.content());
    assertThat(ids("ünïcode")).containsExactly(post.id());
  }

  @Test
  void theLargestPostTheApiAcceptsFits() {
    var content = new StringBuilder();
    for (int i = 0; i < Tags.MAX_PER_POST; i++) {
      // each tag grows to MAX_LENGTH chars when lower-cased ("İ" becomes two chars)
      content.append('#').append((char) ('a' + i)).append("İ".repeat(Tags.MAX_LENGTH / 2 - 1));
      content.append(' ');
    }
    content.append("x".repeat(PostDraft.MAX_CONTENT - content.length()));
    var draft =
        new PostDraft(
            "T".repeat(PostDraft.MAX_TITLE), content.toString(), "A".repeat(PostDraft.MAX_AUTHOR));
    var post = Post.create(UUID.randomUUID().toString(), draft, Instant.ofEpochSecond(100));
    assertThat(post.tags())
        .hasSize(Tags.MAX_PER_POST)
        .allSatisfy(tag -> assertThat(tag).hasSizeGreaterThan(Tags.MAX_LENGTH - 2));

    readModel.apply(post);

    assertThat(readModel.post(post.id())).contains(post);
    assertThat(ids(post.tags().getLast())).containsExactly(post.id());
  }

  @Test
  void concurrentVersionsOfOnePostConvergeOnTheNewest() throws Exception {
    var versions = new ArrayList<Post>();
    var current = post("#v1", 100);
    versions.add(current);
    for (int i = 2; i <= 8; i++) {
      current = edited(current, "#v" + i);
      versions.add(current);
    }
    try (var pool = Executors.newFixedThreadPool(4)) {
      var futures = new ArrayList<Future<Projection>>();
      for (var version : versions.reversed()) {
        futures.add(pool.submit(() -> readModel.apply(version)));
      }
      for (var future : futures) {
        future.get();
      }
    }

    assertThat(readModel.post(current.id())).contains(current);
    assertThat(readModel.feeds()).extracting(FeedSummary::name).containsExactly(ALL_POSTS, "v8");
  }

  @Test
  void countsStayExactUnderConcurrentPostsAndEditsSharingFeeds() throws Exception {
    var posts = new ArrayList<Post>();
    for (int i = 0; i < 40; i++) {
      posts.add(post("#shared #side" + (i % 4) + " number " + i, 100 + i));
    }
    try (var pool = Executors.newFixedThreadPool(4)) {
      var futures = new ArrayList<Future<Projection>>();
      for (var post : posts) {
        futures.add(pool.submit(() -> readModel.apply(post)));
      }
      for (var future : futures) {
        future.get();
      }
      futures.clear();
      for (int i = 0; i < 10; i++) { // ten leave #shared for #moved
        var post = posts.get(i);
        var moved = edited(post, "#moved #side" + (i % 4));
        futures.add(pool.submit(() -> readModel.apply(moved)));
        futures.add(pool.submit(() -> readModel.apply(post))); // a stale duplicate
      }
      for (var future : futures) {
        future.get();
      }
    }

    assertThat(readModel.feeds())
        .containsExactly(
            new FeedSummary(ALL_POSTS, 40),
            new FeedSummary("moved", 10),
            new FeedSummary("shared", 30),
            new FeedSummary("side0", 10),
            new FeedSummary("side1", 10),
            new FeedSummary("side2", 10),
            new FeedSummary("side3", 10));
  }

  @Test
  void aBatchIsAppliedInOrderExactlyAsOneAfterAnother() {
    var kept = post("#kept #moving", 100);
    var other = post("#kept another", 101);
    var edit = edited(kept, "#kept #moved now");
    var older = post("#old", 99);
    var olderEdit = edited(older, "#old #older edit");
    readModel.apply(olderEdit);

    var projections = readModel.applyAll(List.of(kept, other, edit, kept, older));

    assertThat(projections)
        .extracting(Projection::changed)
        .containsExactly(true, true, true, false, false);
    assertThat(projections.get(2).affectedFeeds())
        .containsExactlyInAnyOrder(ALL_POSTS, "kept", "moving", "moved");
    assertThat(projections.get(3).affectedFeeds())
        .as("a duplicate of an older version changes nothing and announces nothing")
        .isEmpty();
    assertThat(projections.get(4).affectedFeeds()).isEmpty();
    assertThat(readModel.post(kept.id())).contains(edit);
    assertThat(readModel.post(older.id())).contains(olderEdit);
    assertThat(readModel.feed("moving", PageRequest.NEWEST)).isEmpty();
    assertThat(readModel.feeds())
        .containsExactly(
            new FeedSummary(ALL_POSTS, 3),
            new FeedSummary("kept", 2),
            new FeedSummary("moved", 1),
            new FeedSummary("old", 1),
            new FeedSummary("older", 1));
    assertThat(readModel.applyAll(List.of())).isEmpty();
  }

  private List<String> ids(String feed) {
    return readModel.feed(feed, PageRequest.NEWEST).orElseThrow().posts().stream()
        .map(Post::id)
        .toList();
  }
}
